package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.StatusConfig;

/**
 * {@link HBaseSourceTask} where it needs no HBase: its life cycle (stop before start, poll after stop, stop waking a
 * waiting poll) and what it does with the offset Connect holds for its job. The HBase address is one where nothing
 * listens, with the client told to give up quickly: a task that reads HBase when it should not fails or times out.
 * Status events are off. Offsets are written as Connect stores them (the source offset is a persisted format).
 */
class HBaseSourceTaskTest {

    private static final String MAPPING = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\","
            + "\"ispk\":\"1\"},{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"string\"}]";
    private static final Map<String, Object> PARTITION = Map.of("table", "default:people", "job", "J-unit");

    private final HBaseSourceTask task = new HBaseSourceTask();

    @AfterEach
    void stop() {
        task.stop();
    }

    private static Map<String, String> props() {
        Map<String, String> c = new HashMap<>();
        c.put("name", "hbase-source-under-test");
        c.put(HBaseSourceConfig.HBASE_IP, "127.0.0.1");
        c.put(HBaseSourceConfig.HBASE_PORT, "1"); // nothing listens
        c.put(HBaseSourceConfig.NAMESPACE, "default");
        c.put(HBaseSourceConfig.TABLE, "people");
        c.put(HBaseSourceConfig.MAPPING, MAPPING);
        c.put(HBaseSourceConfig.COLUMNS_KEY, "id");
        c.put(HBaseSourceConfig.TASK_ID, "J-unit");
        c.put(HBaseSourceConfig.IDLE_POLL_MS, "200");
        c.put(StatusConfig.BROKER, "");
        // give up on the unreachable cluster within seconds
        c.put("zookeeper.recovery.retry", "0");
        c.put("zookeeper.session.timeout", "1000");
        c.put("hbase.zookeeper.recoverable.waittime", "1000");
        c.put("hbase.client.retries.number", "1");
        c.put("hbase.client.operation.timeout", "3000");
        c.put("hbase.client.meta.operation.timeout", "3000");
        c.put("hbase.rpc.timeout", "1000");
        return c;
    }

    private FakeSourceTaskContext start(Map<String, String> props, Map<String, Object> storedOffset) {
        FakeSourceTaskContext context = new FakeSourceTaskContext(props);
        if (storedOffset != null) {
            context.stored.put(PARTITION, storedOffset);
        }
        task.initialize(context);
        task.start(props);
        return context;
    }

    /** The fingerprint a stored offset carries: SHA-256 of the job's defining options, first 12 bytes in hex. */
    private static String fingerprint(Map<String, String> props) throws Exception {
        String text = String.join("\u0000", new HBaseSourceConfig(props).jobDefinition());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 12);
    }

    /** The offset of run 1 after its last record (5 of 5) was committed, as Connect hands it back. */
    private static Map<String, Object> finishedRun(String fingerprint, long upTo, boolean done) {
        Map<String, Object> m = new HashMap<>();
        m.put("run", 1L);
        m.put("runTaskId", "J-unit");
        m.put("upTo", upTo);
        m.put("from", "");
        m.put("predictedTotal", 5L);
        m.put("lastRow", "cm93LTU="); // base64 of "row-5"
        m.put("index", 5L);
        m.put("skipped", 0L);
        m.put("next", "");
        m.put("done", done);
        m.put("fingerprint", fingerprint);
        m.put("rerun", 0L);
        return m;
    }

    @Test
    void stopBeforeStartAndPollAfterItAreHarmless() throws Exception {
        task.stop();
        assertThat(task.poll()).isNull();
    }

    @Test
    void pollAfterStopReturnsAtOnceWithoutReadingHBase() {
        FakeSourceTaskContext context = start(props(), null);
        assertThat(context.asked).as("the job's source partition").containsExactly(PARTITION);

        task.stop();
        List<SourceRecord> polled = assertTimeoutPreemptively(Duration.ofMillis(500), task::poll);
        assertThat(polled).isNull();
    }

    @Test
    void aJobWhoseRunFinishedBeforeSendsNothingAndDoesNotReadHBaseAgain() throws Exception {
        Map<String, String> props = props();
        start(props, finishedRun(fingerprint(props), System.currentTimeMillis() - 60_000, true));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 3; i++) {
                assertThat(task.poll()).isNull();
            }
        });
    }

    @Test
    void anUnfinishedRunIsResumedFromHBaseAndAFailureToReachItFailsTheTaskNamingTheTable() throws Exception {
        Map<String, String> props = props();
        start(props, finishedRun(fingerprint(props), System.currentTimeMillis() - 60_000, false));

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(task::poll)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Cannot read HBase table default:people at 127.0.0.1:1"));
    }

    @Test
    void aFinishedRunOfAnotherConfigurationIsNotTakenForThisOne() throws Exception {
        Map<String, String> props = props();
        Map<String, String> before = new HashMap<>(props);
        before.put(HBaseSourceConfig.MAPPING, MAPPING.replace("\"targetFiled\":\"name\"", "\"targetFiled\":\"full_name\""));
        start(props, finishedRun(fingerprint(before), System.currentTimeMillis() - 60_000, true));

        // Not 'finished': the job runs again (as a rerun), which means reading HBase.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(task::poll)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Cannot read HBase table default:people"));
    }

    @Test
    void aScheduledJobWaitsForItsNextRunInPollAndStopWakesIt() throws Exception {
        Map<String, String> props = props();
        props.put(HBaseSourceConfig.SCHEDULE_INTERVAL_MS, "3600000");
        props.put(HBaseSourceConfig.IDLE_POLL_MS, "60000");
        start(props, finishedRun(fingerprint(props), System.currentTimeMillis(), true));

        CompletableFuture<List<SourceRecord>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return task.poll();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(poll).as("the next run is an hour away: poll waits").isNotDone();

        long stopped = System.nanoTime();
        task.stop();
        assertThat(poll.get(5, TimeUnit.SECONDS)).isNull();
        assertThat((System.nanoTime() - stopped) / 1_000_000).as("ms from stop to poll's return").isLessThan(2_000);
    }
}
