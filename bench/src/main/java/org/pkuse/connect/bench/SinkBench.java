package org.pkuse.connect.bench;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The sink part: N records pre-produced to a two-partition topic with the worker's JsonConverter (schemas on); then
 * our JDBC sink (upsert, insert), Debezium's JDBC sink (upsert) and a plain batched JDBC program (the ceiling), each
 * with 1 and 2 tasks (threads), each into a fresh table of the same definition. A connector run is timed from its
 * POST until every row is committed in MariaDB.
 */
final class SinkBench {

    static final String OUR_SINK = "org.pkuse.connect.jdbc.JdbcSinkConnector";
    static final String DEBEZIUM_SINK = "io.debezium.connector.jdbc.JdbcSinkConnector";
    static final int PARTITIONS = 2;

    private final Bench bench;
    private int sequence;
    private boolean measured = true;
    private int topics;

    SinkBench(Bench bench) {
        this.bench = bench;
    }

    /** Every sink scenario at {@code rows}. */
    void runAll(long rows) throws Exception {
        warmUp();
        String topic = produce(rows);
        for (int tasks = 1; tasks <= 2; tasks++) {
            plain(rows, tasks, false);
            plain(rows, tasks, true);
            ours(topic, rows, tasks, "insert", "");
            ours(topic, rows, tasks, "upsert", "");
            debezium(topic, rows, tasks);
        }
        variants(topic, rows);
        bench.deleteTopic(topic);
    }

    /**
     * Diagnostic variants, beside the scenarios: our sink with MariaDB's driver (a {@code jdbc:mariadb:}
     * URL) instead of MySQL's, to tell the driver's share from ours. A failing variant is reported, not fatal.
     */
    private void variants(String topic, long rows) {
        try {
            String table = newTable("ours_upsert_mariadb");
            String name = "bench-ours-upsert-mariadb-" + sequence;
            Map<String, String> c = ourConfig(topic, 1, "upsert", table);
            c.put("connection.url", bench.mariaDb.url(Bench.DATABASE));
            runConnector("var.sink.ours.upsert.1.mariadb", "Variant: our JDBC sink, upsert, jdbc:mariadb: URL",
                    name, c, table, rows, 1);
        } catch (Exception e) {
            System.out.println("    variant failed: " + e);
        }
    }

    /**
     * Runs each connector once on a small topic, unmeasured: the first run in a fresh worker pays for class
     * loading and JIT compilation, which would otherwise fall on whichever connector runs first.
     */
    private void warmUp() throws Exception {
        long rows = 10_000;
        String topic = produce(rows);
        System.out.println("Warm-up (not measured): each connector once on " + rows + " records");
        measured = false;
        try {
            ours(topic, rows, 1, "insert", "warm.");
            ours(topic, rows, 1, "upsert", "warm.");
            debezium(topic, rows, 1);
        } finally {
            measured = true;
        }
        bench.deleteTopic(topic);
    }

    /** Only our sink (upsert, one task), for the memory comparison at a larger row count. */
    void runOursOnly(long rows, String keyPrefix) throws Exception {
        String topic = produce(rows);
        ours(topic, rows, 1, "upsert", keyPrefix);
        bench.deleteTopic(topic);
    }

    /** Produces rows 1..n to a new topic, id i to partition i % 2, as a source with JsonConverter writes them. */
    String produce(long rows) throws Exception {
        String topic = "bench_sink_" + rows + "_" + (++topics);
        bench.createTopic(topic, PARTITIONS);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bench.connect.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "converter.type", "value"), false);
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long id = 1; id <= rows; id++) {
                byte[] value = converter.fromConnectData(topic, SinkRows.VALUE, SinkRows.value(id));
                producer.send(new ProducerRecord<>(topic, (int) (id % PARTITIONS), null, value));
            }
            producer.flush();
        }
        System.out.printf("Produced %,d records to %s (%d partitions) in %.1f s; %,d bytes on the topic%n", rows,
                topic, PARTITIONS, Bench.seconds(started, System.nanoTime()), topicBytes(topic));
        return topic;
    }

    private long topicBytes(String topic) {
        try {
            return bench.admin.describeLogDirs(List.of(0)).allDescriptions().get().values().stream()
                    .flatMap(dirs -> dirs.values().stream())
                    .flatMap(d -> d.replicaInfos().entrySet().stream())
                    .filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(e -> e.getValue().size()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private String newTable(String what) throws SQLException {
        String table = "s" + (++sequence) + "_" + what;
        bench.sql("DROP TABLE IF EXISTS `" + table + "`", SinkRows.createTable(table));
        return table;
    }

    // ---- the ceiling ----

    /** A plain JDBC program ({@link PlainWriter}) writing the same rows from memory. */
    private void plain(long rows, int threads, boolean upsert) throws Exception {
        String mode = upsert ? "upsert" : "insert";
        String table = newTable("plain_" + mode);
        bench.measure("sink.plain." + mode + "." + threads, "Sink",
                "Plain JDBC batched " + mode + " (ceiling)", threads + " thread" + (threads > 1 ? "s" : ""),
                () -> PlainWriter.write(bench, SinkRows.SHAPE, table, rows, threads, upsert));
        bench.sql("DROP TABLE `" + table + "`");
    }

    // ---- the connectors ----

    void ours(String topic, long rows, int tasks, String mode, String keyPrefix) throws Exception {
        String table = newTable("ours_" + mode);
        String name = "bench-ours-" + mode + "-" + tasks + "-" + sequence;
        runConnector(keyPrefix + "sink.ours." + mode + "." + tasks, "Our JDBC sink, " + mode, name,
                ourConfig(topic, tasks, mode, table), table, rows, tasks);
    }

    private Map<String, String> ourConfig(String topic, int tasks, String mode, String table) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", OUR_SINK);
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        // The field's form (the seed config): MySQL's driver URL, rewriteBatchedStatements added by the sink.
        c.put("connection.url", bench.mariaDb.mysqlUrl(Bench.DATABASE));
        c.put("connection.user", bench.mariaDb.user());
        c.put("connection.password", bench.mariaDb.password());
        c.put("table.name.format", Bench.DATABASE + "." + table);
        c.put("auto.create", "true");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        c.put("insert.mode", mode);
        c.put("write.mode", "1");
        c.put("batch.size", Integer.toString(bench.options.batchSize()));
        c.put("org.pkuse.kafka.broker", bench.connect.bootstrapServers());
        c.put("pkuse.task.id", "");
        return c;
    }

    private void debezium(String topic, long rows, int tasks) throws Exception {
        String table = newTable("debezium_upsert");
        String name = "bench-debezium-upsert-" + tasks + "-" + sequence;
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", DEBEZIUM_SINK);
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        // Debezium needs MariaDB's driver against MariaDB (MySQL's fails on getSQLKeywords()).
        c.put("connection.url", bench.mariaDb.url(Bench.DATABASE));
        c.put("connection.username", bench.mariaDb.user());
        c.put("connection.password", bench.mariaDb.password());
        c.put("insert.mode", "upsert");
        c.put("primary.key.mode", "record_value");
        c.put("primary.key.fields", "id");
        c.put("schema.evolution", "none");
        c.put("batch.size", Integer.toString(bench.options.batchSize()));
        c.put("collection.name.format", table);
        c.put("table.name.format", table);
        runConnector("sink.debezium.upsert." + tasks, "Debezium JDBC sink 3.5.0, upsert", name, c, table, rows,
                tasks);
    }

    private void runConnector(String key, String run, String name, Map<String, String> config, String table,
                              long rows, int tasks) throws Exception {
        Bench.Body body = () -> {
            Map<String, Long> before = bench.statementCounters();
            long started = System.nanoTime();
            bench.createConnector(name, config);
            long[] times = TableWatch.awaitCommitted(bench, name, table, rows, lastIds(rows));
            if (measured) {
                double batches = Math.ceil((double) rows / bench.options.batchSize());
                System.out.println("    MariaDB statements per " + bench.options.batchSize() + " records "
                        + "(bench's own polling included): " + Bench.perBatch(before, bench.statementCounters(),
                        batches));
            }
            double seconds = Bench.seconds(started, times[1]);
            return new Bench.Outcome(rows, seconds, String.format("first row after %.1f s, then %,.0f rows/s",
                    Bench.seconds(started, times[0]), rows / Bench.seconds(times[0], times[1])));
        };
        if (measured) {
            bench.measure(key, "Sink", run, Integer.toString(tasks), body);
        } else {
            body.run();
        }
        bench.deleteConnector(name);
        bench.sql("DROP TABLE `" + table + "`");
    }

    /** The last id of each partition: id i went to partition i % 2. */
    private static long[] lastIds(long rows) {
        return new long[] {rows % 2 == 0 ? rows : rows - 1, rows % 2 == 1 ? rows : rows - 1};
    }

}
