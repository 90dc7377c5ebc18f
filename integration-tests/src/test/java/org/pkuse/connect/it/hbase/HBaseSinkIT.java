package org.pkuse.connect.it.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.connect;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.f;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.hbase;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.mapping;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.HBaseCluster;

/**
 * HBase → HBase source → Kafka → HBase sink, both plugins loaded from {@code plugin.path} on a distributed worker:
 * the copy holds the source's cells byte for byte (Chinese text, every type, both value encodings), two sink tasks
 * share the topic's three partitions, and the sink sends exactly one 'start' and one 'end' with the exact count,
 * also after waiting for a late duplicate.
 */
class HBaseSinkIT {

    static final String SINK_CLASS = "org.pkuse.connect.hbase.HBaseSinkConnector";
    private static final int ROWS = 3000;

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("string", mapping(f("id", "id", "int", "1"), f("name", "name", "string"),
                        f("sex", "sex", "string"), f("salary", "salary", "bigint"), f("age", "age", "int"),
                        f("dept", "dept", "string"), f("rate", "rate", "double"), f("hired", "hired", "datetime"),
                        f("active", "active", "boolean"), f("bonus", "bonus", "decimal(12,2)"))),
                Arguments.of("binary", mapping(f("id", "id", "string", "1"), f("name", "name", "string"),
                        f("sex", "sex", "string"), f("salary", "salary", "bigint"), f("age", "age", "int"),
                        f("dept", "dept", "string"), f("rate", "rate", "double"), f("hired", "hired", "string"),
                        f("active", "active", "boolean"), f("bonus", "bonus", "decimal(12,2)"))));
    }

    @ParameterizedTest(name = "{0} encoding")
    @MethodSource("encodings")
    void aTableCopiedThroughKafkaHoldsTheSourceCellsByteForByteWithOneStartAndOneEnd(String encoding,
                                                                                     String sourceMapping) {
        String ns = "itsink" + encoding;
        String job = "930001-" + encoding;
        String topic = ns + "_src";
        HBaseCluster hbase = hbase();
        hbase.createTable(ns + ":src", List.of("info"), List.of("2", "4", "6", "8"));
        hbase.generateEmployees(ns + ":src", "info", 1, ROWS, encoding.equals("binary"));
        hbase.put(ns + ":src", List.of(HBaseCluster.Cell.text("9001", "info", "name", "欧阳小明"),
                HBaseCluster.Cell.text("9001", "info", "dept", "研发部")));
        connect().createTopic(topic, 3);

        Map<String, String> source = HBaseSourceSupport.seedConfig("src-" + encoding, ns, "src", job, sourceMapping);
        source.put("pkuse.hbase.value.encoding", encoding);
        Map<String, String> sink = sinkConfig("sink-" + encoding, ns, "dst", topic, job);
        sink.put("pkuse.hbase.value.encoding", encoding);
        try {
            HBaseSourceSupport.createConnector("src-" + encoding, source);
            HBaseSourceSupport.createConnector("sink-" + encoding, sink);
            List<StatusEvent> events = HBaseSourceSupport.events(job, es -> es.stream().anyMatch(e ->
                    e.side() == Side.SINK && (e.stage() == Stage.END || e.stage() == Stage.ERROR)),
                    Duration.ofMinutes(3), Duration.ofSeconds(15));
            List<StatusEvent> mine = events.stream().filter(e -> e.side() == Side.SINK).toList();
            assertThat(mine).filteredOn(e -> e.stage() == Stage.ERROR).isEmpty();
            assertThat(mine).filteredOn(e -> e.stage() == Stage.START).hasSize(1);
            assertThat(mine).filteredOn(e -> e.stage() == Stage.END).hasSize(1);
            assertThat(mine.get(0).stage()).isEqualTo(Stage.START);
            StatusEvent end = mine.get(mine.size() - 1);
            assertThat(end.stage()).as("nothing after the end").isEqualTo(Stage.END);
            assertThat(end.processed()).isEqualTo(ROWS + 1L);
            assertThat(end.predictedTotal()).isEqualTo(ROWS + 1L);
            assertThat(end.connectorName()).isEqualTo("sink-" + encoding);
            // The tasks' metrics (this JVM runs the workers): every record counted once, as a put; the job closed
            // in each task's metrics once a preCommit has read its row.
            awaitSinkMetrics("sink-" + encoding, ROWS + 1L);

            SortedMap<String, Map<String, String>> copied = cells(hbase, ns + ":dst");
            assertThat(copied).hasSize(ROWS + 1);
            assertThat(copied).isEqualTo(cells(hbase, ns + ":src"));
            assertThat(copied.get("9001")).containsOnlyKeys("info:name", "info:dept");
        } finally {
            HBaseSourceSupport.deleteConnector("src-" + encoding);
            HBaseSourceSupport.deleteConnector("sink-" + encoding);
        }
    }

    private static void awaitSinkMetrics(String connector, long records) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            try {
                long upserted = 0;
                long ended = 0;
                long open = 0;
                for (ObjectName task : server.queryNames(new ObjectName(
                        "org.pkuse.connect:type=sink-task-metrics,connector=" + connector + ",*"), null)) {
                    upserted += (long) server.getAttribute(task, "RecordsUpserted");
                    ended += (long) server.getAttribute(task, "JobsEnded");
                    open += (int) server.getAttribute(task, "JobsOpen");
                    assertThat(server.getAttribute(task, "RecordsDeleted")).isEqualTo(0L);
                    assertThat(server.getAttribute(task, "RecordsDeadLettered")).isEqualTo(0L);
                }
                boolean jobBeans = !server.queryNames(new ObjectName("org.pkuse.connect:type=sink-job-metrics,"
                        + "connector=" + connector + ",*"), null).isEmpty();
                seen = upserted + " upserted, " + ended + " ended, " + open + " open, job MBeans " + jobBeans;
                if (upserted == records && ended >= 1 && open == 0 && !jobBeans) {
                    return;
                }
                Thread.sleep(200);
            } catch (JMException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("sink metrics of " + connector + " not settled: " + seen);
    }

    /** The sink config a scheduler sends (issue's example), on this cluster. */
    static Map<String, String> sinkConfig(String name, String namespace, String table, String topic, String job) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SINK_CLASS);
        c.put("tasks.max", "2");
        c.put("topics", topic);
        c.put("pkuse.connector.name", name);
        c.put("pkuse.hbase.ip", hbase().zkQuorum());
        c.put("pkuse.hbase.port", Integer.toString(hbase().zkPort()));
        c.put("pkuse.hbase.namespace", namespace);
        c.put("pkuse.hbase.table.name", table);
        c.put("pkuse.hbase.column.family", "info");
        c.put("pkuse.hbase.filed.columnsKey", "id");
        c.put("auto.create", "true");
        c.put("write.mode", "1");
        c.put("batch.size", "500");
        c.put("org.pkuse.kafka.broker", connect().bootstrapServers());
        c.put("pkuse.task.id", job);
        c.put("pkuse.status.interval.ms", "500");
        return c;
    }

    /** Every cell of a table, row → column → base64 of its bytes (byte arrays compared by content). */
    static SortedMap<String, Map<String, String>> cells(HBaseCluster hbase, String table) {
        SortedMap<String, Map<String, String>> out = new TreeMap<>();
        hbase.scan(table, 1_000_000).forEach((row, cells) -> {
            Map<String, String> encoded = new TreeMap<>();
            cells.forEach((column, value) -> encoded.put(column, Base64.getEncoder().encodeToString(value)));
            out.put(row, encoded);
        });
        return out;
    }
}
