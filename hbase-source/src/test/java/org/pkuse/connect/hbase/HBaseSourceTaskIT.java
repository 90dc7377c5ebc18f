package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;

/**
 * {@link HBaseSourceTask} over a real HBase table of 7 rows in 2 regions, with the worker replaced by
 * {@link FakeSourceTaskContext}: a run from the start, a run resumed from the offset of its 3rd record (as a restarted
 * task gets it), a finished run left alone, and stop in the middle of a run. Status events are off.
 */
class HBaseSourceTaskIT {

    private static final String MAPPING = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\","
            + "\"ispk\":\"1\"},{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"string\"}]";
    private static final int ROWS = 7;

    private static HBaseCluster hbase;
    private final List<HBaseSourceTask> tasks = new ArrayList<>();

    @BeforeAll
    static void table() {
        hbase = TestKit.hbase();
        hbase.createTable("tsk:people", List.of("d"), List.of("person-4"));
        List<HBaseCluster.Cell> cells = new ArrayList<>();
        for (int id = 1; id <= ROWS; id++) {
            cells.add(HBaseCluster.Cell.text("person-" + id, "d", "id", Integer.toString(id)));
            cells.add(HBaseCluster.Cell.text("person-" + id, "d", "name", "n" + id));
        }
        hbase.put("tsk:people", cells);
    }

    @AfterEach
    void stopTasks() {
        tasks.forEach(HBaseSourceTask::stop);
    }

    private static Map<String, String> props(String job) {
        Map<String, String> c = new HashMap<>();
        c.put("name", "hbase-source-it");
        c.put(HBaseSourceConfig.HBASE_IP, hbase.zkQuorum());
        c.put(HBaseSourceConfig.HBASE_PORT, Integer.toString(hbase.zkPort()));
        c.put(HBaseSourceConfig.NAMESPACE, "tsk");
        c.put(HBaseSourceConfig.TABLE, "people");
        c.put(HBaseSourceConfig.MAPPING, MAPPING);
        c.put(HBaseSourceConfig.TASK_ID, job);
        c.put(HBaseSourceConfig.BATCH_SIZE, "2");
        c.put(HBaseSourceConfig.IDLE_POLL_MS, "100");
        c.put(StatusConfig.BROKER, "");
        return c;
    }

    private HBaseSourceTask start(String job, Map<String, Object> storedOffset) {
        Map<String, String> props = props(job);
        FakeSourceTaskContext context = new FakeSourceTaskContext(props);
        if (storedOffset != null) {
            context.stored.put(Map.of("table", "tsk:people", "job", job), storedOffset);
        }
        HBaseSourceTask task = new HBaseSourceTask();
        tasks.add(task);
        task.initialize(context);
        task.start(props);
        return task;
    }

    /** Polls (acknowledging each record, as the worker does once Kafka has it) until the record with isEnd. */
    private static List<SourceRecord> pollToEnd(HBaseSourceTask task) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch == null) {
                continue;
            }
            for (SourceRecord r : batch) {
                out.add(r);
                task.commitRecord(r, null);
            }
            if (Boolean.TRUE.equals(header(out.get(out.size() - 1), "isEnd"))) {
                return out;
            }
        }
        throw new AssertionError("no isEnd record within 60 s; got " + out.size());
    }

    private static Object header(SourceRecord r, String name) {
        Header h = r.headers().lastWithName(name);
        return h == null ? null : h.value();
    }

    private static long index(SourceRecord r) {
        return ((Number) header(r, "currentIndex")).longValue();
    }

    private static Object id(SourceRecord r) {
        return ((Struct) r.value()).get("id");
    }

    @Test
    @Timeout(120)
    void aRunSendsEveryRowOnceInOrderWithTheJobHeadersAndAnOffsetToResumeFrom() throws Exception {
        HBaseSourceTask task = start("tsk-full", null);

        List<SourceRecord> records = pollToEnd(task);

        assertThat(records).extracting(HBaseSourceTaskIT::id).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(records).extracting(HBaseSourceTaskIT::index).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(records).allSatisfy(r -> {
            assertThat(header(r, "taskId")).isEqualTo("tsk-full");
            assertThat(((Number) header(r, "predictedTotal")).longValue()).isEqualTo(ROWS);
            assertThat(r.topic()).isEqualTo("tsk_people");
            assertThat(r.sourcePartition()).isEqualTo(Map.of("table", "tsk:people", "job", "tsk-full"));
        });
        assertThat(records.subList(0, ROWS - 1)).allSatisfy(r -> assertThat(header(r, "isEnd")).isEqualTo(false));
        Map<String, ?> last = records.get(ROWS - 1).sourceOffset();
        assertThat(last.get("done")).isEqualTo(true);
        assertThat(((Number) last.get("index")).longValue()).isEqualTo(ROWS);
        assertThat(records.get(2).sourceOffset().get("done")).isEqualTo(false);

        assertThat(task.poll()).as("nothing after the run's last record").isNull();
    }

    @Test
    @Timeout(120)
    void aRestartedTaskResumesAfterTheLastCommittedRecordAndAFinishedRunStaysFinished() throws Exception {
        List<SourceRecord> first = pollToEnd(start("tsk-resume", null));
        Map<String, Object> afterThird = new HashMap<>(first.get(2).sourceOffset());
        Map<String, Object> afterLast = new HashMap<>(first.get(ROWS - 1).sourceOffset());
        tasks.forEach(HBaseSourceTask::stop);
        tasks.clear();

        List<SourceRecord> resumed = pollToEnd(start("tsk-resume", afterThird));
        assertThat(resumed).extracting(HBaseSourceTaskIT::id).containsExactly(4, 5, 6, 7);
        assertThat(resumed).extracting(HBaseSourceTaskIT::index).as("the run's indexes go on, no gap, no repeat")
                .containsExactly(4L, 5L, 6L, 7L);
        assertThat(resumed).allSatisfy(r -> {
            assertThat(header(r, "taskId")).isEqualTo("tsk-resume");
            assertThat(((Number) header(r, "predictedTotal")).longValue()).isEqualTo(ROWS);
        });

        HBaseSourceTask again = start("tsk-resume", afterLast);
        for (int i = 0; i < 3; i++) {
            assertThat(again.poll()).as("the run finished before: nothing to send").isNull();
        }
    }

    @Test
    @Timeout(120)
    void stopInTheMiddleOfARunEndsPollingAndTheScanThreads() throws Exception {
        HBaseSourceTask task = start("tsk-stop", null);
        List<SourceRecord> batch = null;
        while (batch == null) {
            batch = task.poll();
        }
        assertThat(batch).hasSizeLessThanOrEqualTo(2); // pkuse.kafka.batch.size

        task.stop();
        assertThat(task.poll()).isNull();
        long deadline = System.currentTimeMillis() + 10_000;
        while (scanThreads("tsk-stop") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(scanThreads("tsk-stop")).as("scan threads left running").isZero();
    }

    private static long scanThreads(String job) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("pkuse-hbase-scan-" + job + "-")).count();
    }
}
