package org.pkuse.connect.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.ConnectRest;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.MariaDbServer;

/** What every part of the benchmark shares: the components, the options, the measuring, the results. */
final class Bench implements AutoCloseable {

    static final String DATABASE = "bench";
    static final String STATUS_TOPIC = "pkuse_status";
    static final int LIVE_EVERY_SECONDS = 5;

    final BenchOptions options;
    final ConnectCluster connect;
    final MariaDbServer mariaDb;
    final HBaseCluster hbase;
    final StatusWatcher status;
    final Profiler profiler;
    final Admin admin;
    final List<Result> results = new ArrayList<>();

    Bench(BenchOptions options, ConnectCluster connect, MariaDbServer mariaDb, HBaseCluster hbase) {
        this.options = options;
        this.connect = connect;
        this.mariaDb = mariaDb;
        this.hbase = hbase;
        connect.createTopicIfMissing(STATUS_TOPIC, 1);
        this.status = new StatusWatcher(connect.bootstrapServers(), STATUS_TOPIC);
        this.profiler = new Profiler(options.work().resolve("jfr"), options.jfr());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers()));
    }

    /** What a measured body reports besides its timing. */
    record Outcome(long rows, double seconds, String note) {
    }

    interface Body {
        Outcome run() throws Exception;
    }

    /**
     * Runs one measured scenario: garbage collected first, heap watched and (with --jfr) recorded throughout.
     */
    Result measure(String key, String part, String run, String tasks, Body body) throws Exception {
        String label = key.replaceAll("[^A-Za-z0-9_.-]", "_");
        System.out.printf("%n>>> %s | %s | tasks %s%n", part, run, tasks);
        Outcome outcome;
        boolean memoryRun = key.startsWith("mem.");
        HeapSampler heap = memoryRun ? HeapSampler.startWithLiveSampling(LIVE_EVERY_SECONDS) : HeapSampler.start();
        CpuMeter cpu = CpuMeter.start();
        profiler.start(label);
        String cpuUse;
        try {
            outcome = body.run();
        } finally {
            cpuUse = cpu.stop();
            heap.close();
            Path summary = profiler.stop();
            if (summary != null) {
                System.out.println("    profile: " + summary);
            }
        }
        Result r = new Result(key, part, run, tasks, outcome.rows(), outcome.seconds(),
                heap.peakUsedBytes() >> 20, heap.peakAfterGcBytes() >> 20, outcome.note(), cpuUse,
                heap.peakLiveBytes() < 0 ? -1 : heap.peakLiveBytes() >> 20, heap.baselineBytes() >> 20);
        results.add(r);
        System.out.printf("<<< %,d rows in %.2f s = %,.0f rows/s; heap peak %d MB used, %d MB after GC "
                + "(idle %d MB)%s%n", r.rows(), r.seconds(), r.rowsPerSecond(), r.peakUsedMb(), r.peakGcMb(),
                heap.baselineBytes() >> 20, r.note().isEmpty() ? "" : "; " + r.note());
        System.out.println("    CPU: " + cpuUse);
        if (r.peakLiveMb() >= 0) {
            System.out.println("    live heap peak (full GC every " + LIVE_EVERY_SECONDS + " s): " + r.peakLiveMb()
                    + " MB");
        }
        return r;
    }

    Optional<Result> result(String key) {
        return results.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    // ---- Connect ----

    /**
     * One of our sources' jobs, measured: POSTed, timed until its 'end' event; then the topic must hold exactly
     * {@code rows} records and the 'end' must say so.
     */
    Outcome sourceJob(String name, Map<String, String> config, String job, String topic, long rows)
            throws Exception {
        long started = System.nanoTime();
        createConnector(name, config);
        long end = awaitEnd(name, job, Side.SOURCE, rows);
        Long start = status.seen(job, Side.SOURCE, Stage.START);
        long on = endOffsets(topic);
        if (on != rows) {
            throw new IllegalStateException(topic + " holds " + on + " records, expected " + rows);
        }
        StatusEvent e = status.event(job, Side.SOURCE, Stage.END);
        if (e.processed() == null || e.processed() != rows) {
            throw new IllegalStateException("source 'end' says " + e.processed() + " records, expected " + rows);
        }
        return new Outcome(rows, seconds(started, end), start == null ? ""
                : String.format("'start' (after the count) at %.1f s", seconds(started, start)));
    }

    /**
     * Our JDBC sink as the seed config sets it (upsert on {@code pkField} of the value, one task, auto.create,
     * write.mode 1, the bench's batch size) from {@code topic} into {@code target} of the bench's database, serving
     * job {@code job}.
     */
    Map<String, String> ourSinkConfig(String topic, String target, String pkField, String job) {
        Map<String, String> sink = new java.util.LinkedHashMap<>();
        sink.put("connector.class", SinkBench.OUR_SINK);
        sink.put("tasks.max", "1");
        sink.put("topics", topic);
        sink.put("connection.url", mariaDb.mysqlUrl(DATABASE));
        sink.put("connection.user", mariaDb.user());
        sink.put("connection.password", mariaDb.password());
        sink.put("table.name.format", DATABASE + "." + target);
        sink.put("auto.create", "true");
        sink.put("pk.fields", pkField);
        sink.put("pk.mode", "record_value");
        sink.put("insert.mode", "upsert");
        sink.put("write.mode", "1");
        sink.put("batch.size", Integer.toString(options.batchSize()));
        sink.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        sink.put("pkuse.task.id", job);
        return sink;
    }

    void createConnector(String name, Map<String, String> config) {
        connect.rest().createConnector(name, config);
    }

    /** Deletes the connector and waits until the cluster no longer knows it. */
    void deleteConnector(String name) throws InterruptedException {
        connect.rest().deleteConnector(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (connect.rest().get("/connectors/" + name).status() == 404) {
                // Let the workers' rebalance after the delete settle, so that it does not fall on the next run.
                Thread.sleep(3000);
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("connector " + name + " still there 60 s after DELETE");
    }

    /** Throws when the connector or a task of it FAILED, with the trace. */
    void checkNotFailed(String name) {
        ConnectRest.Response r = connect.rest().get("/connectors/" + name + "/status");
        if (r.status() != 200) {
            return;
        }
        JsonNode s = r.body();
        if ("FAILED".equals(s.path("connector").path("state").asText())) {
            throw new IllegalStateException("connector " + name + " FAILED: " + s.path("connector").path("trace"));
        }
        for (JsonNode t : s.path("tasks")) {
            if ("FAILED".equals(t.path("state").asText())) {
                throw new IllegalStateException("task " + t.path("id") + " of " + name + " FAILED: "
                        + t.path("trace").asText());
            }
        }
    }

    /** Waits for the job's 'end' event of this side, checking every few seconds that the connector has not failed. */
    long awaitEnd(String connector, String job, Side side, long rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(900, rows / 500)).toNanos();
        while (true) {
            try {
                return status.await(job, side, Stage.END, Duration.ofSeconds(3));
            } catch (IllegalStateException e) {
                if (e.getMessage().contains("reported an error") || System.nanoTime() > deadline) {
                    throw e;
                }
                checkNotFailed(connector);
            }
        }
    }

    void createTopic(String topic, int partitions) {
        connect.createTopic(topic, partitions);
    }

    void deleteTopic(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (Exception e) {
            System.out.println("    (could not delete topic " + topic + ": " + e.getMessage() + ")");
        }
    }

    /** Records on the topic: the sum of its partitions' end offsets. */
    long endOffsets(String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        description.partitions().forEach(p -> specs.put(new TopicPartition(topic, p.partition()),
                OffsetSpec.latest()));
        long sum = 0;
        for (var info : admin.listOffsets(specs).all().get().values()) {
            sum += info.offset();
        }
        return sum;
    }

    // ---- MariaDB ----

    Connection db() throws SQLException {
        return mariaDb.connect(DATABASE);
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    long countRows(String table) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** MariaDB's statement counters (SHOW GLOBAL STATUS), to count the statements a sink sends per batch. */
    Map<String, Long> statementCounters() throws SQLException {
        Map<String, Long> counters = new TreeMap<>();
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_insert', "
                     + "'Com_select', 'Com_update', 'Com_commit', 'Com_rollback', 'Com_savepoint', "
                     + "'Com_release_savepoint', 'Com_set_option', 'Com_begin', 'Com_show_variables', "
                     + "'Com_show_tables', 'Com_show_fields')")) {
            while (rs.next()) {
                counters.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counters;
    }

    /** The counters that moved between two snapshots, divided by {@code batches}. */
    static String perBatch(Map<String, Long> before, Map<String, Long> after, double batches) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.1f", d / batches));
            }
        }
        return text.toString();
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    @Override
    public void close() {
        status.close();
        admin.close();
    }
}
