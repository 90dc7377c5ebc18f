package org.pkuse.connect.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.hbase.EmployeeRows;

/**
 * The source and end-to-end parts, on one N-row HBase table of the test kit's employee rows (9 columns as UTF-8
 * text, 5 regions): a plain client scan (the HBase ceiling), a plain producer writing N records like ours (the
 * Kafka ceiling), our source from POST to its 'end' event, and HBase → MariaDB through both our connectors from
 * the source's POST to the sink's 'end' event.
 */
final class SourceBench {

    static final String OUR_SOURCE = "org.pkuse.connect.hbase.HBaseSourceConnector";
    static final String NAMESPACE = "bench";
    static final String FAMILY = "info";
    static final int PARTITIONS = 2;
    static final int SCAN_CACHING = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Bench bench;
    private int sequence;

    SourceBench(Bench bench) {
        this.bench = bench;
    }

    /**
     * Creates and loads {@code bench:emp_<rows>}, split in 5 regions, flushed to HFiles and major-compacted; returns
     * its name.
     */
    String prepareTable(long rows) {
        String table = "emp_" + rows;
        HBaseCluster hbase = bench.hbase;
        long started = System.nanoTime();
        hbase.createTable(NAMESPACE + ":" + table, List.of(FAMILY), List.of("2", "4", "6", "8"));
        long chunk = 500_000;
        for (long from = 1; from <= rows; from += chunk) {
            hbase.generateEmployees(NAMESPACE + ":" + table, FAMILY, from, Math.min(chunk, rows - from + 1), false);
        }
        hbase.settle(NAMESPACE + ":" + table);
        System.out.printf("Loaded %,d rows into HBase table %s:%s (5 regions) in %.1f s%n", rows, NAMESPACE, table,
                Bench.seconds(started, System.nanoTime()));
        return table;
    }

    /** The plain client scan, run twice (the first warms the region server and its JIT); the second counts. */
    void plainScan(String table, long rows) throws Exception {
        HBaseCluster.ScanTiming warm = bench.hbase.timedScan(NAMESPACE + ":" + table, SCAN_CACHING);
        System.out.printf("Warm-up scan: %,d rows in %.2f s%n", warm.rows(), warm.millis() / 1000.0);
        bench.measure("source.plain.scan", "Source", "Plain HBase client scan (ceiling)", "1", () -> {
            HBaseCluster.ScanTiming t = bench.hbase.timedScan(NAMESPACE + ":" + table, SCAN_CACHING);
            if (t.rows() != rows) {
                throw new IllegalStateException("scan read " + t.rows() + " rows, expected " + rows);
            }
            return new Bench.Outcome(t.rows(), t.millis() / 1000.0, String.format(
                    "%,d cells, %,d value bytes, caching %d, in the HBase JVM", t.cells(), t.bytes(), SCAN_CACHING));
        });
    }

    // ---- the Kafka ceiling ----

    /** The shape of our source's records for this table, for the plain producer. */
    static final Schema KEY = SchemaBuilder.struct().name("org.pkuse.connect.hbase.bench_emp_key")
            .field("id", Schema.INT32_SCHEMA).build();
    static final Schema VALUE = SchemaBuilder.struct().name("org.pkuse.connect.hbase.bench_emp").optional()
            .field("id", Schema.OPTIONAL_INT32_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("sex", Schema.OPTIONAL_STRING_SCHEMA)
            .field("salary", Schema.OPTIONAL_INT64_SCHEMA)
            .field("age", Schema.OPTIONAL_INT32_SCHEMA)
            .field("dept", Schema.OPTIONAL_STRING_SCHEMA)
            .field("rate", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("hired", Timestamp.builder().optional().build())
            .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("bonus", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
            .build();
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static Struct value(long id) {
        return new Struct(VALUE)
                .put("id", (int) id)
                .put("name", EmployeeRows.text(id, "name"))
                .put("sex", EmployeeRows.text(id, "sex"))
                .put("salary", Long.parseLong(EmployeeRows.text(id, "salary")))
                .put("age", Integer.parseInt(EmployeeRows.text(id, "age")))
                .put("dept", EmployeeRows.text(id, "dept"))
                .put("rate", Double.parseDouble(EmployeeRows.text(id, "rate")))
                .put("hired", Date.from(LocalDateTime.parse(EmployeeRows.text(id, "hired"), DATETIME)
                        .toInstant(ZoneOffset.UTC)))
                .put("active", Boolean.parseBoolean(EmployeeRows.text(id, "active")))
                .put("bonus", new BigDecimal(EmployeeRows.text(id, "bonus")).setScale(2));
    }

    /**
     * A plain producer (client defaults: acks=all, idempotent) sending N records like our source's — JsonConverter
     * key and value with schemas, the four job headers — cycled from 1,000 pre-serialized ones, so that only Kafka
     * is timed.
     */
    void plainProducer(long rows) throws Exception {
        plainProducer(rows, "source.plain.producer", "Plain Kafka producer, same records (ceiling)", Map.of());
        plainProducer(rows, "source.plain.producer.tuned", "Plain Kafka producer, same records, same settings as "
                + "our recommended ones (ceiling)", Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 524288,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4194304L));
    }

    private void plainProducer(long rows, String key, String label, Map<String, Object> extra) throws Exception {
        String topic = "bench_plain_producer_" + (++sequence) + "_" + rows;
        bench.createTopic(topic, PARTITIONS);
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true", "converter.type", "key"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true", "converter.type", "value"), false);
        int pool = 1000;
        List<byte[]> k = new ArrayList<>(pool);
        List<byte[]> v = new ArrayList<>(pool);
        for (int id = 1; id <= pool; id++) {
            k.add(keys.fromConnectData(topic, KEY, new Struct(KEY).put("id", id)));
            v.add(values.fromConnectData(topic, VALUE, value(id)));
        }
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bench.connect.bootstrapServers());
        props.putAll(extra);
        bench.measure(key, "Source", label, "1", () -> {
            long started = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (long i = 0; i < rows; i++) {
                    int slot = (int) (i % pool);
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("taskId", "bench".getBytes(StandardCharsets.UTF_8));
                    headers.add("predictedTotal", Long.toString(rows).getBytes(StandardCharsets.UTF_8));
                    headers.add("currentIndex", Long.toString(i + 1).getBytes(StandardCharsets.UTF_8));
                    headers.add("isEnd", Boolean.toString(i == rows - 1).getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(topic, null, k.get(slot), v.get(slot), headers));
                }
                producer.flush();
            }
            double seconds = Bench.seconds(started, System.nanoTime());
            long on = bench.endOffsets(topic);
            if (on != rows) {
                throw new IllegalStateException(topic + " holds " + on + " records, expected " + rows);
            }
            return new Bench.Outcome(rows, seconds, String.format("value ~%d bytes + key %d bytes",
                    v.get(0).length, k.get(0).length));
        });
        bench.deleteTopic(topic);
    }

    // ---- our source ----

    /** The seed config's keys, with this table, mapping all 9 columns plus the row key as id. */
    Map<String, String> sourceConfig(String name, String table, String prefix, String job) {
        ArrayNode mapping = JSON.createArrayNode();
        String[][] fields = {{"id", "int", "1"}, {"name", "string", "0"}, {"sex", "string", "0"},
            {"salary", "bigint", "0"}, {"age", "int", "0"}, {"dept", "string", "0"}, {"rate", "double", "0"},
            {"hired", "datetime", "0"}, {"active", "boolean", "0"}, {"bonus", "decimal(12,2)", "0"}};
        for (String[] f : fields) {
            mapping.addObject().put("sourceFiled", f[0]).put("targetFiled", f[0]).put("fieldType", f[1])
                    .put("mark", "0").put("ispk", f[2]).put("limitcondition", "").put("maprule", " ")
                    .put("columnId", "c_" + f[0]).put("description", f[0]);
        }
        Map<String, String> c = ExampleConfigs.seedSource(bench.hbase.zkQuorum(), bench.hbase.zkPort(),
                bench.connect.bootstrapServers());
        c.put("connector.class", OUR_SOURCE);
        c.put("tasks.max", "1");
        c.put("pkuse.connector.name", name);
        c.put("pkuse.kafka.topic.prefix", prefix);
        c.put("pkuse.hbase.table.name", table);
        c.put("pkuse.hbase.namespace", NAMESPACE);
        c.put("pkuse.hbase.filed.mapping", mapping.toString());
        c.put("pkuse.task.id", job);
        return c;
    }

    /**
     * Runs our source once on a small table, unmeasured: the first run in a fresh worker loads the HBase client
     * and compiles its hot paths, which would otherwise fall on the measured run.
     */
    void warmUp() throws Exception {
        long rows = 10_000;
        String table = prepareTable(rows);
        System.out.println("Warm-up (not measured): our source once on " + rows + " rows");
        int n = ++sequence;
        String prefix = "warm" + n + "_";
        String topic = prefix + NAMESPACE + "_" + table;
        String name = "bench-source-warm-" + n;
        bench.createTopic(topic, PARTITIONS);
        bench.createConnector(name, sourceConfig(name, table, prefix, name));
        bench.awaitEnd(name, name, Side.SOURCE, rows);
        bench.deleteConnector(name);
        bench.deleteTopic(topic);
        bench.hbase.dropTable(NAMESPACE + ":" + table);
    }

    /**
     * The producer settings that {@code config-examples/} and the source README recommend: the worker's source
     * producer keeps the client's 16 KB {@code batch.size} and sends one request at a time, about 14 of our ~1.1 KB
     * records per request. lz4 spares the broker most of its work; the smaller buffer.memory bounds the records in
     * flight (it counts compressed bytes).
     */
    static final Map<String, String> RECOMMENDED_PRODUCER = Map.of("producer.override.batch.size", "524288",
            "producer.override.linger.ms", "20", "producer.override.compression.type", "lz4",
            "producer.override.buffer.memory", "4194304");

    /** Our source, from POST until its 'end' event (every record acknowledged by Kafka). */
    void ours(String table, long rows, String keyPrefix) throws Exception {
        ours(table, rows, keyPrefix + "source.ours", "Our HBase source → Kafka, recommended producer settings "
                + "(batch.size=524288, linger.ms=20, lz4, buffer.memory=4194304)", RECOMMENDED_PRODUCER);
    }

    /** Our source with the seed config as it is (the worker's producer defaults). */
    void oursSeed(String table, long rows) throws Exception {
        ours(table, rows, "source.ours.seed", "Our HBase source → Kafka, seed config (worker's producer defaults)",
                Map.of());
    }

    /** Diagnostic variant: the recommended batching without compression. A failing variant is not fatal. */
    void compressionVariant(String table, long rows) {
        Map<String, String> extra = new HashMap<>(RECOMMENDED_PRODUCER);
        extra.remove("producer.override.compression.type");
        extra.remove("producer.override.buffer.memory");
        try {
            ours(table, rows, "var.source.ours.uncompressed", "Variant: our source, batch.size=524288, linger.ms=20, "
                    + "no compression", extra);
        } catch (Exception e) {
            System.out.println("    variant failed: " + e);
        }
    }

    private void ours(String table, long rows, String key, String label, Map<String, String> extra)
            throws Exception {
        int n = ++sequence;
        String prefix = "src" + n + "_";
        String topic = prefix + NAMESPACE + "_" + table;
        String name = "bench-source-" + n;
        String job = "bench-source-" + n;
        bench.createTopic(topic, PARTITIONS);
        Map<String, String> config = sourceConfig(name, table, prefix, job);
        config.putAll(extra);
        bench.measure(key, "Source", label, "1", () -> bench.sourceJob(name, config, job, topic, rows));
        bench.deleteConnector(name);
        bench.deleteTopic(topic);
    }

    // ---- end to end ----

    /**
     * HBase → Kafka → MariaDB through our two connectors, the sink as the seed config sets it (upsert, one task),
     * the source with the recommended producer settings: the sink is created first and idles; timed from the
     * source's POST until the sink's 'end' event.
     */
    void endToEnd(String table, long rows, String keyPrefix) throws Exception {
        endToEnd(table, rows, keyPrefix + "e2e.ours", "HBase → our source → Kafka → our sink → MariaDB, "
                + "recommended producer settings", RECOMMENDED_PRODUCER);
    }

    /** End to end with both seed configs as they are. */
    void endToEndSeed(String table, long rows) throws Exception {
        endToEnd(table, rows, "e2e.ours.seed", "HBase → our source → Kafka → our sink → MariaDB, seed configs",
                Map.of());
    }

    private void endToEnd(String table, long rows, String key, String label, Map<String, String> producer)
            throws Exception {
        int n = ++sequence;
        String prefix = "e2e" + n + "_";
        String topic = prefix + NAMESPACE + "_" + table;
        String sourceName = "bench-e2e-source-" + n;
        String sinkName = "bench-e2e-sink-" + n;
        String job = "bench-e2e-" + n;
        String target = "e2e" + n + "_" + table;
        bench.createTopic(topic, PARTITIONS);
        bench.sql("DROP TABLE IF EXISTS `" + target + "`");
        Map<String, String> sink = bench.ourSinkConfig(topic, target, "id", job);
        bench.createConnector(sinkName, sink);
        bench.connect.awaitRunning(sinkName, 1, Duration.ofSeconds(60));
        Map<String, String> source = sourceConfig(sourceName, table, prefix, job);
        source.putAll(producer);
        bench.measure(key, "End to end", label, "1 + 1", () -> {
                    long started = System.nanoTime();
                    bench.createConnector(sourceName, source);
                    long sourceEnd = bench.awaitEnd(sourceName, job, Side.SOURCE, rows);
                    long end = bench.awaitEnd(sinkName, job, Side.SINK, rows);
                    long count = bench.countRows(target);
                    if (count != rows) {
                        throw new IllegalStateException(target + ": " + count + " rows, expected " + rows);
                    }
                    return new Bench.Outcome(rows, Bench.seconds(started, end), String.format(
                            "source 'end' at %.1f s", Bench.seconds(started, sourceEnd)));
                });
        bench.deleteConnector(sourceName);
        bench.deleteConnector(sinkName);
        bench.deleteTopic(topic);
        bench.sql("DROP TABLE `" + target + "`");
    }
}
