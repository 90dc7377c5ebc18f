package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.testkit.FakeSinkTaskContext;

/**
 * {@link HBaseSinkTask} against a real HBase (mini cluster in its own JVM), the worker replaced by
 * {@link FakeSinkTaskContext}: a job split over two tasks is counted once and ends once; records delivered again
 * add no cell version and no count; a bad record goes to the dead-letter queue and is counted, or without a queue
 * fails the task and its job. Status events are off: the jobs table is what is checked.
 */
class HBaseSinkTaskIT {

    @RegisterExtension
    static final SinkFixture sink = new SinkFixture();

    private HBaseSinkTask start(Map<String, String> props, FakeSinkTaskContext context) {
        return sink.start(props, context);
    }

    @Test
    void aJobOverTwoTasksEndsOnceAndRecordsDeliveredAgainAddNoVersionAndNoCount() throws IOException {
        sink.createTable("twotasks");
        Map<String, String> props = sink.props("twotasks", "J1", "");
        props.put(HBaseSinkConfig.BATCH_SIZE, "100"); // written at preCommit only
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            records.add(SinkFixture.record("J1", i, 10, "名字" + i));
        }
        HBaseSinkTask a = start(props, new FakeSinkTaskContext(props));
        HBaseSinkTask b = start(props, new FakeSinkTaskContext(props));
        a.put(SinkFixture.partition(records, 0));
        b.put(SinkFixture.partition(records, 1));
        TopicPartition p0 = new TopicPartition(SinkFixture.TOPIC, 0);
        TopicPartition p1 = new TopicPartition(SinkFixture.TOPIC, 1);
        Map<TopicPartition, OffsetAndMetadata> offsetsA = a.preCommit(Map.of(p0, new OffsetAndMetadata(6)));
        assertThat(sink.jobState(props.get("name"), "J1", "state")).as("half the job").isEqualTo("RUNNING");
        Map<TopicPartition, OffsetAndMetadata> offsetsB = b.preCommit(Map.of(p1, new OffsetAndMetadata(6)));
        assertThat(offsetsA).containsEntry(p0, new OffsetAndMetadata(6));
        assertThat(offsetsB).containsEntry(p1, new OffsetAndMetadata(5));
        assertThat(sink.jobState(props.get("name"), "J1", "state")).isEqualTo("ENDED");
        assertThat(sink.jobState(props.get("name"), "J1", "written")).isEqualTo("10");

        // A task that took the partition over (after a rebalance or a crash) reads the same records again.
        HBaseSinkTask c = start(props, new FakeSinkTaskContext(props));
        c.put(SinkFixture.partition(records, 0));
        assertThat(c.preCommit(Map.of(p0, new OffsetAndMetadata(6)))).containsEntry(p0, new OffsetAndMetadata(6));
        assertThat(sink.jobState(props.get("name"), "J1", "written")).isEqualTo("10");
        assertThat(sink.jobState(props.get("name"), "J1", "state")).isEqualTo("ENDED");
        for (int id = 1; id <= 10; id++) {
            List<Cell> cells = sink.versions("twotasks", id);
            assertThat(cells).as("row " + id + ": one version of its one column").hasSize(1);
            assertThat(Bytes.toString(cells.get(0).getValueArray(), cells.get(0).getValueOffset(),
                    cells.get(0).getValueLength())).isEqualTo("名字" + id);
        }
    }

    @Test
    void aRecordThatDoesNotFitGoesToTheDeadLetterQueueAndIsCountedApart() throws IOException {
        sink.createTable("dlq");
        String mapping = "[{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"int\"}]";
        Map<String, String> props = sink.props("dlq", "J2", mapping);
        FakeSinkTaskContext context = new FakeSinkTaskContext(props).withDeadLetters();
        HBaseSinkTask task = start(props, context);
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            records.add(SinkFixture.record("J2", i, 3, i == 2 ? "not-a-number" : Integer.toString(i * 100)));
        }
        task.put(records);
        task.preCommit(Map.of(new TopicPartition(SinkFixture.TOPIC, 0), new OffsetAndMetadata(2),
                new TopicPartition(SinkFixture.TOPIC, 1), new OffsetAndMetadata(2)));
        assertThat(context.deadLettered).hasSize(1);
        assertThat(context.deadLettered.get(0).getKey().kafkaOffset()).isEqualTo(1L);
        assertThat(context.deadLettered.get(0).getValue().getMessage()).contains("'name'")
                .doesNotContain("not-a-number");
        assertThat(sink.jobState(props.get("name"), "J2", "state")).isEqualTo("ENDED");
        assertThat(sink.jobState(props.get("name"), "J2", "written")).isEqualTo("2");
        assertThat(sink.jobState(props.get("name"), "J2", "deadLettered")).isEqualTo("1");
    }

    @Test
    void withoutADeadLetterQueueABadRecordFailsTheTaskAndItsJob() throws IOException {
        sink.createTable("nodlq");
        String mapping = "[{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"int\"}]";
        Map<String, String> props = sink.props("nodlq", "J3", mapping);
        HBaseSinkTask task = start(props, new FakeSinkTaskContext(props));
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            records.add(SinkFixture.record("J3", i, 4, i == 3 ? "x" : "1"));
        }
        assertThatThrownBy(() -> task.put(records)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("emp-1@1").hasMessageContaining("'name'");
        assertThat(sink.jobState(props.get("name"), "J3", "state")).isEqualTo("FAILED");
        assertThatThrownBy(() -> task.put(List.of())).as("the task stays failed").isInstanceOf(ConnectException.class);
    }

    @Test
    void aSmallJobEndsAfterTheFlushIntervalWithoutWaitingForTheOffsetCommit() throws Exception {
        sink.createTable("small");
        Map<String, String> props = sink.props("small", "J4", "");
        props.put(HBaseSinkConfig.BATCH_SIZE, "1000");
        props.put(HBaseSinkConfig.FLUSH_INTERVAL_MS, "200");
        FakeSinkTaskContext context = new FakeSinkTaskContext(props);
        HBaseSinkTask task = start(props, context);
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            records.add(SinkFixture.record("J4", i, 5, "n" + i));
        }
        task.put(records);
        assertThat(sink.jobState(props.get("name"), "J4", "state")).as("not written yet").isNull();
        // The worker calls put() again (with no records) after the timeout the task asked for.
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"ENDED".equals(sink.jobState(props.get("name"), "J4", "state"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            task.put(List.of());
        }
        assertThat(sink.jobState(props.get("name"), "J4", "state")).isEqualTo("ENDED");
        assertThat(sink.jobState(props.get("name"), "J4", "written")).isEqualTo("5");
    }
}
