package org.pkuse.connect.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.testkit.TopicReader;

/**
 * Issue 15's part: the seed job (HBase → MariaDB, the seed configs) with each record format, beside the framework's
 * own ceiling for it. Per format: our HBase source and a null source replaying our source's records (one task, as a
 * job runs); our JDBC sink, a null sink and Debezium's sink on our source's topic (1 and 2 tasks); the seed job end
 * to end. Once for all: the plain scan and the plain upsert/insert of the same rows. {@link ConverterReport} turns
 * them into ratios.
 */
final class ConverterBench {

    static final String TABLE_PREFIX = "seed_";
    private static final String SAMPLE = "seed";
    private static final int SEED_BATCH = 200;

    private final Bench bench;
    /** The job headers (common-headers' JobHeaders names), dropped in the no-job variant. */
    private static final String JOB_HEADERS = "taskId,predictedTotal,currentIndex,isEnd";
    private final Map<RecordFormat, Map<String, String>> settings;
    private int sequence;

    ConverterBench(Bench bench, String registryUrl) {
        this.bench = bench;
        this.settings = Map.of(RecordFormat.JSON, Map.of(), RecordFormat.AVRO, RecordFormat.avroSettings(registryUrl));
    }

    void runAll(long rows) throws Exception {
        String table = prepareTable(rows);
        bench.hbase.timedScan(SourceBench.NAMESPACE + ":" + table, SourceBench.SCAN_CACHING); // warms the region server
        bench.measure("conv.plain.scan", "Formats", "Plain HBase client scan of the seed's columns", "1", () -> {
            var t = bench.hbase.timedScan(SourceBench.NAMESPACE + ":" + table, SourceBench.SCAN_CACHING);
            check(t.rows(), rows, "scan");
            return new Bench.Outcome(t.rows(), t.millis() / 1000.0, String.format("%,d cells, in the HBase JVM",
                    t.cells()));
        });
        for (int threads = 1; threads <= 2; threads++) {
            plain(rows, threads, true, true);
        }
        plain(rows, 1, false, true);
        for (int threads = 1; threads <= 2; threads++) {
            plain(rows, threads, true, false);
        }
        for (RecordFormat format : RecordFormat.values()) {
            warmUp(format);
            String topic = ourSource(format, table, rows);
            if (format == RecordFormat.JSON) {
                GeneratingSourceConnector.sample(SAMPLE, sample(topic));
            }
            nullSource(format, rows);
            long[] lastIds = LastIds.of(bench.connect.bootstrapServers(), topic, format);
            for (int tasks = 1; tasks <= 2; tasks++) {
                nullSink(format, topic, rows, tasks);
                sink(format, topic, rows, tasks, false, lastIds);
                sink(format, topic, rows, tasks, true, lastIds);
            }
            withoutJob(format, topic, rows, 2, lastIds);
            bench.deleteTopic(topic);
            endToEnd(format, table, rows);
        }
        bench.hbase.dropTable(SourceBench.NAMESPACE + ":" + table);
    }

    /**
     * The job-cost diagnostic: our sink (Avro, the field's converter) on our source's topic with and without the job
     * headers, 2 tasks then 1, twice: what the job protocol costs per row, and whether it keeps 2 tasks from scaling.
     */
    void runJobCost(long rows) throws Exception {
        String table = prepareTable(rows);
        RecordFormat format = RecordFormat.AVRO;
        warmUp(format);
        String topic = ourSource(format, table, rows);
        long[] lastIds = LastIds.of(bench.connect.bootstrapServers(), topic, format);
        for (int round = 0; round < Integer.getInteger("pkuse.bench.rounds", 2); round++) {
            for (int tasks = 2; tasks >= 1; tasks--) {
                sink(format, topic, rows, tasks, false, lastIds);
                withoutJob(format, topic, rows, tasks, lastIds);
            }
        }
        bench.deleteTopic(topic);
        bench.hbase.dropTable(SourceBench.NAMESPACE + ":" + table);
    }

    /** {@code bench:seed_<rows>}: the seed's columns only, 5 regions, flushed and major-compacted. */
    private String prepareTable(long rows) {
        String table = TABLE_PREFIX + rows;
        String name = SourceBench.NAMESPACE + ":" + table;
        long started = System.nanoTime();
        bench.hbase.createTable(name, List.of(SourceBench.FAMILY), List.of("2", "4", "6", "8"));
        for (long from = 1; from <= rows; from += 500_000) {
            bench.hbase.generateEmployees(name, SourceBench.FAMILY, from, Math.min(500_000, rows - from + 1), false,
                    SeedRows.COLUMNS);
        }
        bench.hbase.settle(name);
        System.out.printf("Loaded %,d seed rows into HBase table %s in %.1f s%n", rows, name,
                Bench.seconds(started, System.nanoTime()));
        return table;
    }

    /**
     * The plain program writes the rows in the order our sink gets them: the source's row-key order (see
     * {@link PlainWriter}); the variant in numeric order shows what that order costs the database.
     */
    private void plain(long rows, int threads, boolean upsert, boolean keyOrder) throws Exception {
        String mode = upsert ? "upsert" : "insert";
        String table = newTable("plain_" + mode);
        String key = "conv.plain." + mode + "." + threads;
        bench.measure(keyOrder ? key : "var." + key + ".numeric", "Formats", (keyOrder ? "" : "Variant: ")
                + "Plain JDBC batched " + mode + " of the seed's rows, " + (keyOrder ? "in the source's row-key order"
                : "in numeric id order"), threads + " thread" + (threads > 1 ? "s" : ""),
                () -> PlainWriter.write(bench, SeedRows.SHAPE, table, rows, threads, upsert, keyOrder));
        bench.sql("DROP TABLE `" + table + "`");
    }

    private String newTable(String what) throws Exception {
        String table = "f" + (++sequence) + "_" + what;
        bench.sql("DROP TABLE IF EXISTS `" + table + "`", SeedRows.SHAPE.createTable(table));
        return table;
    }

    // ---- sources ----

    private Map<String, String> ourSourceConfig(RecordFormat format, String name, String table, String prefix,
                                                String job) {
        Map<String, String> c = new LinkedHashMap<>(org.pkuse.connect.testkit.ExampleConfigs.seedSource(
                bench.hbase.zkQuorum(), bench.hbase.zkPort(), bench.connect.bootstrapServers()));
        c.put("pkuse.connector.name", name);
        c.put("pkuse.kafka.topic.prefix", prefix);
        c.put("pkuse.hbase.namespace", SourceBench.NAMESPACE);
        c.put("pkuse.hbase.table.name", table);
        c.put("pkuse.task.id", job);
        c.putAll(SourceBench.RECOMMENDED_PRODUCER);
        c.putAll(settings.get(format));
        return c;
    }

    /** Our source once on a small table with this format, unmeasured (class loading, JIT, the first schema). */
    private void warmUp(RecordFormat format) throws Exception {
        String table = prepareTable(10_000);
        int n = ++sequence;
        String prefix = "fw" + n + "_";
        String topic = prefix + SourceBench.NAMESPACE + "_" + table;
        String name = "bench-format-warm-" + n;
        bench.createTopic(topic, SourceBench.PARTITIONS);
        bench.createConnector(name, ourSourceConfig(format, name, table, prefix, name));
        bench.awaitEnd(name, name, Side.SOURCE, 10_000);
        bench.deleteConnector(name);
        bench.deleteTopic(topic);
        bench.hbase.dropTable(SourceBench.NAMESPACE + ":" + table);
    }

    /** Our HBase source, seed config, POST to its 'end'; returns its topic, which the sink runs then read. */
    private String ourSource(RecordFormat format, String table, long rows) throws Exception {
        int n = ++sequence;
        String prefix = "f" + n + "_";
        String topic = prefix + SourceBench.NAMESPACE + "_" + table;
        String name = "bench-format-source-" + n;
        bench.createTopic(topic, SourceBench.PARTITIONS);
        Map<String, String> config = ourSourceConfig(format, name, table, prefix, name);
        bench.measure(format.key("source.ours"), "Formats", "Our HBase source → Kafka, " + format.label(), "1",
                () -> bench.sourceJob(name, config, name, topic, rows));
        bench.deleteConnector(name);
        return topic;
    }

    /** 1,000 of our source's records, read back through JsonConverter: the null source replays them. */
    private List<SourceRecord> sample(String topic) throws Exception {
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        List<SourceRecord> sample = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAtLeast(bench.connect.bootstrapServers(), topic,
                1000, Duration.ofSeconds(60), Duration.ZERO)) {
            SchemaAndValue key = keys.toConnectData(topic, r.key());
            SchemaAndValue value = values.toConnectData(topic, r.value());
            sample.add(new SourceRecord(null, null, topic, null, key.schema(), key.value(), value.schema(),
                    value.value()));
        }
        return sample;
    }

    private void nullSource(RecordFormat format, long rows) throws Exception {
        int n = ++sequence;
        String topic = "fnull" + n;
        String name = "bench-format-null-source-" + n;
        bench.createTopic(topic, SourceBench.PARTITIONS);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", GeneratingSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put(GeneratingSourceConnector.TOPIC, topic);
        c.put(GeneratingSourceConnector.SAMPLE, SAMPLE);
        c.put(GeneratingSourceConnector.ROWS, Long.toString(rows));
        c.put(GeneratingSourceConnector.BATCH, Integer.toString(SEED_BATCH));
        c.put(GeneratingSourceConnector.JOB, name);
        c.putAll(SourceBench.RECOMMENDED_PRODUCER);
        c.putAll(settings.get(format));
        bench.measure(format.key("source.null"), "Formats", "Null source, our source's records from memory, "
                + format.label(), "1", () -> {
                    long started = System.nanoTime();
                    bench.createConnector(name, c);
                    return FrameworkCeiling.awaitOnTopic(bench, name, topic, rows, started);
                });
        bench.deleteConnector(name);
        bench.deleteTopic(topic);
    }

    // ---- sinks ----

    private void nullSink(RecordFormat format, String topic, long rows, int tasks) throws Exception {
        String name = "bench-format-null-sink-" + (++sequence);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", DiscardingSinkConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        c.putAll(settings.get(format));
        bench.measure(format.key("sink.null." + tasks), "Formats", "Null sink (converts and drops), "
                + format.label(), Integer.toString(tasks), () -> {
                    long started = System.nanoTime();
                    bench.createConnector(name, c);
                    return FrameworkCeiling.awaitDiscarded(bench, name, rows, started);
                });
        bench.deleteConnector(name);
        DiscardingSinkConnector.forget(name);
    }

    /** Our JDBC sink (seed config: upsert on id) or Debezium's (upsert), POST until every row is committed. */
    private void sink(RecordFormat format, String topic, long rows, int tasks, boolean debezium, long[] lastIds)
            throws Exception {
        String table = newTable(debezium ? "debezium" : "ours");
        String name = "bench-format-" + table;
        Map<String, String> c = new LinkedHashMap<>();
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        c.put("connection.password", bench.mariaDb.password());
        c.put("batch.size", Integer.toString(bench.options.batchSize()));
        c.put("table.name.format", debezium ? table : Bench.DATABASE + "." + table);
        if (debezium) {
            c.put("connector.class", SinkBench.DEBEZIUM_SINK);
            c.put("connection.url", bench.mariaDb.url(Bench.DATABASE)); // Debezium needs MariaDB's driver here
            c.put("connection.username", bench.mariaDb.user());
            c.put("insert.mode", "upsert");
            c.put("primary.key.mode", "record_value");
            c.put("primary.key.fields", "id");
            c.put("schema.evolution", "none");
            c.put("collection.name.format", table);
        } else {
            c.putAll(bench.ourSinkConfig(topic, table, "id", ""));
            c.put("tasks.max", Integer.toString(tasks));
        }
        c.putAll(settings.get(format));
        String label = (debezium ? "Debezium JDBC sink 3.5.0, upsert, " : "Our JDBC sink, seed config (upsert), ")
                + format.label();
        timedSink(format.key("sink." + (debezium ? "debezium." : "ours.") + tasks), label, tasks, name, c, table,
                rows, lastIds);
    }

    /** A sink connector from its POST until every row is committed in {@code table}; then both are dropped. */
    private void timedSink(String key, String label, int tasks, String name, Map<String, String> c, String table,
                           long rows, long[] lastIds) throws Exception {
        bench.measure(key, "Formats", label, Integer.toString(tasks), () -> {
            long started = System.nanoTime();
            bench.createConnector(name, c);
            long[] times = TableWatch.awaitCommitted(bench, name, table, rows, lastIds);
            return new Bench.Outcome(rows, Bench.seconds(started, times[1]), String.format("first row after %.1f s",
                    Bench.seconds(started, times[0])));
        });
        bench.deleteConnector(name);
        bench.sql("DROP TABLE `" + table + "`");
    }

    /**
     * Variant: our sink on the same records with the job headers dropped (Kafka's DropHeaders), so that no flush
     * touches the job ledger; the difference to the seed-config row is what the job protocol costs per flush.
     */
    private void withoutJob(RecordFormat format, String topic, long rows, int tasks, long[] lastIds)
            throws Exception {
        String table = newTable("nojob");
        String name = "bench-format-" + table;
        Map<String, String> c = new LinkedHashMap<>(bench.ourSinkConfig(topic, table, "id", ""));
        c.put("tasks.max", Integer.toString(tasks));
        c.put("transforms", "nojob");
        c.put("transforms.nojob.type", "org.apache.kafka.connect.transforms.DropHeaders");
        c.put("transforms.nojob.headers", JOB_HEADERS);
        c.putAll(settings.get(format));
        timedSink("var." + format.key("sink.ours." + tasks) + ".nojob", "Variant: our JDBC sink, job headers "
                + "dropped (no job ledger), " + format.label(), tasks, name, c, table, rows, lastIds);
    }

    // ---- end to end ----

    /** The seed job: our sink idle first, then timed from the source's POST to the sink's 'end'. */
    private void endToEnd(RecordFormat format, String table, long rows) throws Exception {
        int n = ++sequence;
        String prefix = "fe" + n + "_";
        String topic = prefix + SourceBench.NAMESPACE + "_" + table;
        String job = "bench-format-e2e-" + n;
        String target = "fe" + n + "_" + table;
        bench.createTopic(topic, SourceBench.PARTITIONS);
        bench.sql("DROP TABLE IF EXISTS `" + target + "`");
        Map<String, String> sink = bench.ourSinkConfig(topic, target, "id", job);
        sink.putAll(settings.get(format));
        bench.createConnector(job + "-sink", sink);
        bench.connect.awaitRunning(job + "-sink", 1, Duration.ofSeconds(60));
        Map<String, String> source = ourSourceConfig(format, job + "-source", table, prefix, job);
        bench.measure(format.key("e2e"), "Formats", "HBase → our source → Kafka → our sink → MariaDB, seed "
                + "configs, " + format.label(), "1 + 1", () -> {
                    long started = System.nanoTime();
                    bench.createConnector(job + "-source", source);
                    long sourceEnd = bench.awaitEnd(job + "-source", job, Side.SOURCE, rows);
                    long end = bench.awaitEnd(job + "-sink", job, Side.SINK, rows);
                    check(bench.countRows(target), rows, target);
                    return new Bench.Outcome(rows, Bench.seconds(started, end), String.format(
                            "source 'end' at %.1f s", Bench.seconds(started, sourceEnd)));
                });
        bench.deleteConnector(job + "-source");
        bench.deleteConnector(job + "-sink");
        bench.deleteTopic(topic);
        bench.sql("DROP TABLE `" + target + "`");
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + " rows, expected " + expected);
        }
    }
}
