package org.pkuse.connect.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Put;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.hbase.EmployeeRows;

/**
 * The HBase sink part: N records shaped as our HBase source writes them (the employee rows, JsonConverter key and
 * value with schemas, the four job headers), produced beforehand to a two-partition topic; then, each into a fresh
 * table of the same definition (5 regions): a plain {@link BufferedMutator} writing the same cells from memory (the
 * HBase ceiling), a sink that discards its records (the framework's ceiling, same converter), and our HBase sink
 * (seed config, one task) from its POST until its 'end' event.
 */
final class HBaseSinkBench {

    static final String OUR_SINK = "org.pkuse.connect.hbase.HBaseSinkConnector";
    static final String SEED = "hbasesink_connector_001.json";
    static final String NAMESPACE = SourceBench.NAMESPACE;
    static final int PARTITIONS = 2;
    /** The sink's default {@code pkuse.hbase.write.buffer.bytes}: the plain writer gets the same buffer. */
    static final long WRITE_BUFFER = 8L * 1024 * 1024;
    private static final byte[] FAMILY = SourceBench.FAMILY.getBytes(StandardCharsets.UTF_8);
    private static final byte[][] QUALIFIERS = EmployeeRows.COLUMNS.stream()
            .map(c -> c.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private final Bench bench;
    private int sequence;

    HBaseSinkBench(Bench bench) {
        this.bench = bench;
    }

    /** One produced topic: its name and the job id its headers carry. */
    record Topic(String name, String job, long rows) {
    }

    /** The three runs at {@code rows}, then the cells of our copy checked against the plain writer's. */
    void runAll(long rows) throws Exception {
        warmUp();
        Topic topic = produce(rows);
        String plainTable = plain(rows, "hbasesink.plain");
        discarding(topic, "hbasesink.discard");
        String ourTable = ours(topic, "hbasesink.ours", true);
        compareCells(plainTable, ourTable);
        dropTable(plainTable);
        dropTable(ourTable);
        bench.deleteTopic(topic.name());
    }

    /** Our sink at N and at M rows with the live heap measured: its heap should not grow with the topic. */
    void memory(long rows, long big) throws Exception {
        System.out.printf("%nMemory: our HBase sink at %,d and %,d rows, live heap sampled%n", rows, big);
        for (long n : List.of(rows, big)) {
            Topic topic = produce(n);
            dropTable(ours(topic, "mem." + n + ".hbasesink.ours", true));
            bench.deleteTopic(topic.name());
        }
    }

    /**
     * Each writer once on a small topic, unmeasured: the first run pays for class loading, the JIT and (for the
     * plain writer) the region locations, which would otherwise fall on whichever runs first.
     */
    private void warmUp() throws Exception {
        long rows = 10_000;
        System.out.println("Warm-up (not measured): each HBase writer once on " + rows + " records");
        Topic topic = produce(rows);
        dropTable(plain(rows, null));
        discarding(topic, null);
        dropTable(ours(topic, null, false));
        bench.deleteTopic(topic.name());
    }

    /**
     * Records 1..n as our source sends them, id i to partition i % 2, with lz4 as the recommended source settings
     * produce them (so the sinks read what they would read in production).
     */
    Topic produce(long rows) throws Exception {
        int n = ++sequence;
        Topic topic = new Topic("bench_hbsink_" + rows + "_" + n, "bench-hbsink-" + n, rows);
        bench.createTopic(topic.name(), PARTITIONS);
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true", "converter.type", "key"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true", "converter.type", "value"), false);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bench.connect.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long id = 1; id <= rows; id++) {
                byte[] key = keys.fromConnectData(topic.name(), SourceBench.KEY,
                        new Struct(SourceBench.KEY).put("id", (int) id));
                byte[] value = values.fromConnectData(topic.name(), SourceBench.VALUE, SourceBench.value(id));
                // The job headers as the worker's SimpleHeaderConverter writes our source's: text.
                RecordHeaders headers = new RecordHeaders();
                headers.add("taskId", topic.job().getBytes(StandardCharsets.UTF_8));
                headers.add("predictedTotal", Long.toString(rows).getBytes(StandardCharsets.UTF_8));
                headers.add("currentIndex", Long.toString(id).getBytes(StandardCharsets.UTF_8));
                headers.add("isEnd", Boolean.toString(id == rows).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topic.name(), (int) (id % PARTITIONS), key, value, headers));
            }
            producer.flush();
        }
        System.out.printf("Produced %,d records to %s (%d partitions, lz4) in %.1f s%n", rows, topic.name(),
                PARTITIONS, Bench.seconds(started, System.nanoTime()));
        return topic;
    }

    /** A fresh table like the source's: one family, split in 5 regions on the ids' first digit. */
    private String newTable(String what) {
        String table = "hs" + (++sequence) + "_" + what;
        bench.hbase.createTable(NAMESPACE + ":" + table, List.of(SourceBench.FAMILY), List.of("2", "4", "6", "8"));
        return table;
    }

    private void dropTable(String table) {
        bench.hbase.dropTable(NAMESPACE + ":" + table);
    }

    /** Runs {@code body} measured under {@code key}, or unmeasured when the key is null (warm-up). */
    private void run(String key, String label, String tasks, Bench.Body body) throws Exception {
        if (key == null) {
            body.run();
        } else {
            bench.measure(key, "HBase sink", label, tasks, body);
        }
    }

    // ---- the HBase ceiling ----

    /**
     * A plain program: one connection and one BufferedMutator (the sink's write buffer and durability), a Put per
     * row with the cells our sink writes for it (row key the id, 9 text columns, one timestamp), flushed once at the
     * end. Timed from opening the connection until that flush returns, as the plain JDBC ceiling is.
     */
    private String plain(long rows, String key) throws Exception {
        String table = newTable("plain");
        run(key, "Plain HBase BufferedMutator, same cells from memory (ceiling)", "1 thread", () -> {
            long started = System.nanoTime();
            long ts = System.currentTimeMillis();
            try (Connection c = ConnectionFactory.createConnection(clientConfiguration());
                 BufferedMutator mutator = c.getBufferedMutator(new BufferedMutatorParams(
                         TableName.valueOf(NAMESPACE, table)).writeBufferSize(WRITE_BUFFER))) {
                for (long id = 1; id <= rows; id++) {
                    Put put = new Put(EmployeeRows.rowKey(id).getBytes(StandardCharsets.UTF_8), ts);
                    put.setDurability(Durability.SYNC_WAL);
                    for (int i = 0; i < QUALIFIERS.length; i++) {
                        put.addColumn(FAMILY, QUALIFIERS[i], ts, EmployeeRows.text(id, EmployeeRows.COLUMNS.get(i))
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    mutator.mutate(put);
                }
                mutator.flush();
            }
            double seconds = Bench.seconds(started, System.nanoTime());
            long count = bench.hbase.count(NAMESPACE + ":" + table);
            if (count != rows) {
                throw new IllegalStateException(table + ": " + count + " rows, expected " + rows);
            }
            return new Bench.Outcome(rows, seconds, String.format("write buffer %d MB, sync_wal, one flush at the "
                    + "end", WRITE_BUFFER >> 20));
        });
        return table;
    }

    private Configuration clientConfiguration() {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", bench.hbase.zkQuorum());
        conf.setInt("hbase.zookeeper.property.clientPort", bench.hbase.zkPort());
        return conf;
    }

    // ---- the framework's ceiling ----

    /** The discarding sink (one task, the workers' JsonConverter), from its POST until it was handed all N. */
    private void discarding(Topic topic, String key) throws Exception {
        String name = "bench-hbsink-discard-" + (++sequence);
        Map<String, String> config = Map.of("connector.class", DiscardingSinkConnector.class.getName(),
                "tasks.max", "1", "topics", topic.name());
        run(key, "Discarding sink, same records and converter (framework ceiling)", "1", () -> {
            long started = System.nanoTime();
            bench.createConnector(name, config);
            return FrameworkCeiling.awaitDiscarded(bench, name, topic.rows(), started);
        });
        bench.deleteConnector(name);
        DiscardingSinkConnector.forget(name);
    }

    // ---- our sink ----

    /** The seed config ({@value #SEED}) pointed at this table, topic and job; the bench's batch size. */
    private Map<String, String> ourConfig(String name, String table, Topic topic) {
        Map<String, String> c = ExampleConfigs.configOf(ExampleConfigs.read(SEED));
        c.put("connector.class", OUR_SINK);
        c.put("tasks.max", "1");
        c.put("topics", topic.name());
        c.put("pkuse.connector.name", name);
        c.put("pkuse.hbase.ip", bench.hbase.zkQuorum());
        c.put("pkuse.hbase.port", Integer.toString(bench.hbase.zkPort()));
        c.put("pkuse.hbase.namespace", NAMESPACE);
        c.put("pkuse.hbase.table.name", table);
        c.put("pkuse.hbase.column.family", SourceBench.FAMILY);
        c.put("pkuse.hbase.filed.columnsKey", "id");
        c.put("batch.size", Integer.toString(bench.options.batchSize()));
        c.put("org.pkuse.kafka.broker", bench.connect.bootstrapServers());
        c.put("pkuse.task.id", topic.job());
        return c;
    }

    /** Our sink, one task, from its POST until its 'end' event (every cell flushed, the job's row complete). */
    private String ours(Topic topic, String key, boolean verify) throws Exception {
        String table = newTable("ours");
        String name = "bench-hbsink-ours-" + sequence;
        Map<String, String> config = ourConfig(name, table, topic);
        run(key, "Our HBase sink, seed config (batch.size " + bench.options.batchSize() + ")", "1", () -> {
            long started = System.nanoTime();
            bench.createConnector(name, config);
            long end = bench.awaitEnd(name, topic.job(), Side.SINK, topic.rows());
            double seconds = Bench.seconds(started, end);
            StatusEvent e = bench.status.event(topic.job(), Side.SINK, Stage.END);
            if (e.processed() == null || e.processed() != topic.rows()) {
                throw new IllegalStateException("sink 'end' says " + e.processed() + " records, expected "
                        + topic.rows());
            }
            Long start = bench.status.seen(topic.job(), Side.SINK, Stage.START);
            return new Bench.Outcome(topic.rows(), seconds, start == null ? "" : String.format(
                    "'start' (first flush) at %.1f s", Bench.seconds(started, start)));
        });
        bench.deleteConnector(name);
        if (verify) {
            long count = bench.hbase.count(NAMESPACE + ":" + table);
            if (count != topic.rows()) {
                throw new IllegalStateException(table + ": " + count + " rows, expected " + topic.rows());
            }
        }
        return table;
    }

    /** The first rows of both tables, cell by cell: the plain writer wrote what our sink writes. */
    private void compareCells(String plainTable, String ourTable) {
        int sample = 500;
        SortedMap<String, Map<String, byte[]>> plain = bench.hbase.scan(NAMESPACE + ":" + plainTable, sample);
        SortedMap<String, Map<String, byte[]>> ours = bench.hbase.scan(NAMESPACE + ":" + ourTable, sample);
        if (!plain.keySet().equals(ours.keySet())) {
            throw new IllegalStateException("row keys differ between " + plainTable + " and " + ourTable);
        }
        for (Map.Entry<String, Map<String, byte[]>> row : plain.entrySet()) {
            Map<String, byte[]> theirs = ours.get(row.getKey());
            if (!row.getValue().keySet().equals(theirs.keySet())) {
                throw new IllegalStateException("row " + row.getKey() + ": columns " + row.getValue().keySet()
                        + " (plain) vs " + theirs.keySet() + " (ours)");
            }
            row.getValue().forEach((column, value) -> {
                if (!Arrays.equals(value, theirs.get(column))) {
                    throw new IllegalStateException("row " + row.getKey() + " " + column + ": '"
                            + new String(value, StandardCharsets.UTF_8) + "' (plain) vs '"
                            + new String(theirs.get(column), StandardCharsets.UTF_8) + "' (ours)");
                }
            });
        }
        System.out.printf("    cells of the first %d rows: the plain writer's equal our sink's%n", plain.size());
    }
}
