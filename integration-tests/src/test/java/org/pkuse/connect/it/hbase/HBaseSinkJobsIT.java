package org.pkuse.connect.it.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.connect;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.f;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.hbase;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.it.jdbc.JdbcSinkTestSupport;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TopicReader;

/**
 * HBase sink jobs through a distributed worker beyond the plain copy: overwrite mode replacing a table that held
 * other rows (the copy equal to the source, the staging table and snapshot gone, one 'start' and one 'end'), and
 * in append mode tombstones deleting rows (of this job and of an earlier writer) while a record without its row
 * key goes to the dead-letter queue, counted apart in the job's 'end'.
 */
class HBaseSinkJobsIT {

    private static final int ROWS = 1000;
    private static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
    private static final Schema ROW = SchemaBuilder.struct().name("row").field("id", Schema.OPTIONAL_INT32_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA).build();

    private static List<StatusEvent> sinkEvents(String job) {
        List<StatusEvent> events = HBaseSourceSupport.events(job, es -> es.stream().anyMatch(e ->
                e.side() == Side.SINK && (e.stage() == Stage.END || e.stage() == Stage.ERROR)),
                Duration.ofMinutes(3), Duration.ofSeconds(10));
        List<StatusEvent> mine = events.stream().filter(e -> e.side() == Side.SINK).toList();
        assertThat(mine).filteredOn(e -> e.stage() == Stage.ERROR).isEmpty();
        assertThat(mine).filteredOn(e -> e.stage() == Stage.START).hasSize(1);
        assertThat(mine).filteredOn(e -> e.stage() == Stage.END).hasSize(1);
        assertThat(mine.get(mine.size() - 1).stage()).as("nothing after the end").isEqualTo(Stage.END);
        return mine;
    }

    @Test
    void overwriteReplacesATableThatHeldOtherRowsWithTheJobsRows() {
        String ns = "itsinkow";
        String job = "930101";
        String topic = ns + "_src";
        HBaseCluster hbase = hbase();
        hbase.createTable(ns + ":src", List.of("info"), List.of("3", "6"));
        hbase.generateEmployees(ns + ":src", "info", 1, ROWS, false);
        hbase.createTable(ns + ":dst", List.of("info"), List.of("5"));
        hbase.put(ns + ":dst", List.of(HBaseCluster.Cell.text("old-1", "info", "name", "旧的"),
                HBaseCluster.Cell.text("old-2", "info", "name", "old")));
        connect().createTopic(topic, 3);
        String sourceMapping = mapping(f("id", "id", "int", "1"), f("name", "name", "string"),
                f("salary", "salary", "bigint"), f("hired", "hired", "datetime"));
        Map<String, String> source = HBaseSourceSupport.seedConfig("src-ow", ns, "src", job, sourceMapping);
        Map<String, String> sink = HBaseSinkIT.sinkConfig("sink-ow", ns, "dst", topic, job);
        sink.put("write.mode", "2");
        sink.put("auto.create", "false");
        try {
            HBaseSourceSupport.createConnector("src-ow", source);
            HBaseSourceSupport.createConnector("sink-ow", sink);
            StatusEvent end = sinkEvents(job).stream().filter(e -> e.stage() == Stage.END).findFirst().orElseThrow();
            assertThat(end.processed()).isEqualTo(ROWS);
            // The source's cells of the mapped columns, byte for byte, and nothing of what the table held before.
            SortedMap<String, Map<String, String>> expected = new TreeMap<>();
            HBaseSinkIT.cells(hbase, ns + ":src").forEach((row, cells) -> {
                Map<String, String> mapped = new TreeMap<>(cells);
                mapped.keySet().retainAll(List.of("info:name", "info:salary", "info:hired"));
                expected.put(row, mapped);
            });
            SortedMap<String, Map<String, String>> copied = HBaseSinkIT.cells(hbase, ns + ":dst");
            assertThat(copied.keySet()).hasSize(ROWS).isEqualTo(expected.keySet());
            assertThat(copied.equals(expected)).as("cells equal to the source's mapped cells").isTrue();
            assertThat(hbase.tablesAndSnapshots(ns)).as("no staging table or snapshot left")
                    .containsExactlyInAnyOrder(ns + ":src", ns + ":dst", ns + ":pkuse_sink_jobs");
            assertThat(hbase.tablesAndSnapshots(ns)).noneMatch(t -> t.startsWith("snapshot:" + ns));
        } finally {
            HBaseSourceSupport.deleteConnector("src-ow");
            HBaseSourceSupport.deleteConnector("sink-ow");
        }
    }

    @Test
    void tombstonesDeleteRowsAndARecordWithoutItsRowKeyGoesToTheDeadLetterQueue() {
        String ns = "itsinkdel";
        String job = "930102";
        String topic = ns + "_rows";
        String dlq = ns + "_dlq";
        HBaseCluster hbase = hbase();
        hbase.createTable(ns + ":dst", List.of("info"), List.of());
        hbase.put(ns + ":dst", List.of(HBaseCluster.Cell.text("100", "info", "name", "written before the job")));
        connect().createTopic(topic, 2);
        Map<String, String> sink = HBaseSinkIT.sinkConfig("sink-del", ns, "dst", topic, job);
        sink.put("delete.enabled", "true");
        sink.put("errors.tolerance", "all");
        sink.put("errors.deadletterqueue.topic.name", dlq);
        sink.put("errors.deadletterqueue.topic.replication.factor", "1");
        sink.put("errors.deadletterqueue.context.headers.enable", "true");
        int total = 9;
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= 5; i++) {
                p.send(topic, i % 2, KEY, new Struct(KEY).put("id", i), ROW,
                        new Struct(ROW).put("id", i).put("name", "名字" + i), new JobHeaders(job, total, i, false));
            }
            p.send(topic, 0, KEY, new Struct(KEY), ROW, new Struct(ROW).put("name", "no id"),
                    new JobHeaders(job, total, 6, false));
            int index = 7;
            for (int id : new int[] {2, 4, 100}) {
                p.send(topic, index % 2, KEY, new Struct(KEY).put("id", id), null, null,
                        new JobHeaders(job, total, index, index == total));
                index++;
            }
            p.flush();
        }
        try {
            HBaseSourceSupport.createConnector("sink-del", sink);
            StatusEvent end = sinkEvents(job).stream().filter(e -> e.stage() == Stage.END).findFirst().orElseThrow();
            assertThat(end.processed()).as("written: 5 puts and 3 deletes").isEqualTo(8);
            assertThat(end.deadLettered()).as("dead-lettered").isEqualTo(1L);
            assertThat(hbase.scan(ns + ":dst", 100).keySet()).containsExactly("1", "3", "5");
            assertThat(new String(hbase.scan(ns + ":dst", 100).get("3").get("info:name"), StandardCharsets.UTF_8))
                    .isEqualTo("名字3");

            List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(connect().bootstrapServers(), dlq, 1,
                    Duration.ofSeconds(30), Duration.ofSeconds(3));
            assertThat(dead).hasSize(1);
            Header reason = dead.get(0).headers().lastHeader("__connect.errors.exception.message");
            assertThat(reason).isNotNull();
            assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("id").doesNotContain("no id");
            assertThat(dead.get(0).headers().lastHeader(JobHeaders.CURRENT_INDEX).value())
                    .isEqualTo("6".getBytes(StandardCharsets.UTF_8));
        } finally {
            HBaseSourceSupport.deleteConnector("sink-del");
        }
    }
}
