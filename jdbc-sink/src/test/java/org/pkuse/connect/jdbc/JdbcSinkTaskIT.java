package org.pkuse.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersWriter;
import org.pkuse.connect.testkit.FakeSinkTaskContext;
import org.pkuse.connect.testkit.MariaDbServer;

/**
 * {@link JdbcSinkTask} against a real MariaDB, with the worker replaced by {@link FakeSinkTaskContext}: what it
 * buffers, what {@code preCommit} reports (only offsets whose records are in the table), what {@code open} rewinds
 * to, what {@code close} drops, and how it fails on a bad config. {@code pk.mode=none} and {@code insert}: a record
 * written twice shows up as a second row. Status events are off (no {@code org.pkuse.kafka.broker}).
 */
class JdbcSinkTaskIT {

    private static final String DB = "sinktask";
    private static final String TOPIC = "t";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);
    private static final Schema VALUE = SchemaBuilder.struct().name("emp")
            .field("id", Schema.INT64_SCHEMA).field("name", Schema.STRING_SCHEMA).build();

    @RegisterExtension
    static final TestDatabase<MariaDbServer> DATABASE = TestDatabase.mariaDb();

    private final List<JdbcSinkTask> started = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        DATABASE.server().recreateDatabase(DB);
    }

    @AfterEach
    void stopTasks() {
        started.forEach(JdbcSinkTask::stop);
    }

    private static Map<String, String> props(int batchSize) {
        Map<String, String> p = new HashMap<>();
        p.put("name", "sink-under-test");
        p.put("connection.url", DATABASE.server().mysqlUrl(DB));
        p.put("connection.user", DATABASE.server().user());
        p.put("connection.password", DATABASE.server().password());
        p.put("connection.timeout.ms", "2000");
        p.put("table.name.format", "emp");
        p.put("pk.mode", "none");
        p.put("insert.mode", "insert");
        p.put("auto.create", "true");
        p.put("batch.size", Integer.toString(batchSize));
        p.put("flush.interval.ms", "3600000"); // only batch.size and preCommit write
        p.put("max.retries", "0");
        return p;
    }

    private FakeSinkTaskContext startTask(JdbcSinkTask task, Map<String, String> props) {
        FakeSinkTaskContext context = new FakeSinkTaskContext(props);
        task.initialize(context);
        started.add(task);
        task.start(props);
        return context;
    }

    /** The record at {@code partition}/{@code offset}; its id is partition * 1000 + offset. */
    private static SinkRecord record(int partition, long offset) {
        Struct value = new Struct(VALUE).put("id", partition * 1000L + offset).put("name", "n" + offset);
        return new SinkRecord(TOPIC, partition, null, null, VALUE, value, offset);
    }

    private static List<SinkRecord> records(int partition, long from, long to) {
        List<SinkRecord> out = new ArrayList<>();
        for (long o = from; o <= to; o++) {
            out.add(record(partition, o));
        }
        return out;
    }

    private static Map<TopicPartition, OffsetAndMetadata> consumerAt(Object... partitionAndOffset) {
        Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
        for (int i = 0; i < partitionAndOffset.length; i += 2) {
            m.put((TopicPartition) partitionAndOffset[i],
                    new OffsetAndMetadata(((Number) partitionAndOffset[i + 1]).longValue()));
        }
        return m;
    }

    /** The ids in the target table, in order, duplicates kept; empty when the table does not exist yet. */
    private static List<Long> rows() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = DATABASE.server().connect(DB); Statement s = c.createStatement()) {
            try (ResultSet rs = c.getMetaData().getTables(DB, null, "emp", null)) {
                if (!rs.next()) {
                    return ids;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id FROM emp ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** The offsets control table of the connector: partition → committed_offset. */
    private static Map<Integer, Long> storedOffsets() throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (Connection c = DATABASE.server().connect(DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kafka_partition, committed_offset FROM pkuse_connect_offsets "
                     + "WHERE connector = 'sink-under-test' AND topic = 't'")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static List<Long> waitForRows(int count) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        List<Long> now = rows();
        while (now.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            now = rows();
        }
        return now;
    }

    @Test
    void putBuffersUntilPreCommitWhichWritesAndReportsTheNextOffsetToRead() throws Exception {
        JdbcSinkTask task = new JdbcSinkTask();
        FakeSinkTaskContext context = startTask(task, props(10));
        task.open(List.of(P0));
        assertThat(context.rewinds).as("nothing committed in the database yet: no rewind").isEmpty();

        task.put(records(0, 0, 2));
        assertThat(rows()).as("3 records < batch.size 10 and the flush interval is an hour away").isEmpty();
        assertThat(context.timeouts).as("the task asks to be woken when the flush interval is up").isNotEmpty();
        assertThat(context.timeouts.get(context.timeouts.size() - 1)).isBetween(1L, 3_600_000L);

        // The consumer has read further than the task wrote (P0 at 100) and holds a partition the task never got.
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(consumerAt(P0, 100, P2, 7));

        assertThat(committed).as("only what is in the table, as the next offset to read")
                .isEqualTo(consumerAt(P0, 3));
        assertThat(rows()).containsExactly(0L, 1L, 2L);
        assertThat(storedOffsets()).isEqualTo(Map.of(0, 2L));
    }

    @Test
    void aFullBatchIsWrittenByPutAndTheRestWaitsForPreCommit() throws Exception {
        JdbcSinkTask task = new JdbcSinkTask();
        startTask(task, props(2));
        task.open(List.of(P0));

        task.put(records(0, 0, 2)); // one chunk of 2 goes to the flush thread, 1 record stays buffered

        assertThat(waitForRows(2)).containsExactly(0L, 1L);
        task.put(List.of()); // collects the write in flight
        Thread.sleep(200);
        assertThat(rows()).as("the third record waits for a full batch or preCommit").containsExactly(0L, 1L);

        assertThat(task.preCommit(consumerAt(P0, 3))).isEqualTo(consumerAt(P0, 3));
        assertThat(rows()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aBufferedRecordIsWrittenByTheFirstPutAfterTheFlushIntervalEvenWithNoNewRecords() throws Exception {
        Map<String, String> props = props(10);
        props.put("flush.interval.ms", "300");
        JdbcSinkTask task = new JdbcSinkTask();
        FakeSinkTaskContext context = startTask(task, props);
        task.open(List.of(P0));

        task.put(records(0, 0, 0));
        assertThat(context.timeouts.get(context.timeouts.size() - 1)).as("wake me when the interval is up")
                .isBetween(1L, 300L);
        assertThat(rows()).isEmpty();

        Thread.sleep(400);
        task.put(List.of()); // the worker's wake-up

        assertThat(waitForRows(1)).containsExactly(0L);
        assertThat(task.preCommit(consumerAt(P0, 1))).isEqualTo(consumerAt(P0, 1));
    }

    @Test
    void preCommitReportsNoOffsetBeyondTheLastDurableRecordWhenAWriteFails() throws Exception {
        JdbcSinkTask task = new JdbcSinkTask();
        startTask(task, props(10));
        task.open(List.of(P0));
        task.put(records(0, 0, 1));
        assertThat(task.preCommit(consumerAt(P0, 2))).isEqualTo(consumerAt(P0, 2));

        // id is BIGINT in the table now: a text id cannot go in, and there is no dead-letter queue.
        Schema textId = SchemaBuilder.struct().name("emp")
                .field("id", Schema.STRING_SCHEMA).field("name", Schema.STRING_SCHEMA).build();
        task.put(List.of(record(0, 2),
                new SinkRecord(TOPIC, 0, null, null, textId, new Struct(textId).put("id", "x").put("name", "n"), 3)));

        assertThat(task.preCommit(consumerAt(P0, 4)))
                .as("the failed batch (offsets 2 and 3) is not committed: the consumer stays at 2")
                .isEqualTo(consumerAt(P0, 2));
        assertThat(rows()).containsExactly(0L, 1L);
        assertThat(storedOffsets()).isEqualTo(Map.of(0, 1L));
        assertThatThrownBy(() -> task.put(records(0, 4, 4))).as("the task fails on its next put")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void openRewindsToTheDatabaseOffsetsAndRedeliveredRecordsAreNotWrittenAgain() throws Exception {
        JdbcSinkTask first = new JdbcSinkTask();
        startTask(first, props(10));
        first.open(List.of(P0, P1));
        first.put(records(0, 0, 4));
        first.put(records(1, 0, 1));
        assertThat(first.preCommit(consumerAt(P0, 5, P1, 2))).isEqualTo(consumerAt(P0, 5, P1, 2));
        first.stop();
        started.remove(first);

        // A new task (restart or rebalance) whose consumer group offsets lag behind the table.
        JdbcSinkTask second = new JdbcSinkTask();
        FakeSinkTaskContext context = startTask(second, props(10));
        second.open(List.of(P0, P1, P2));
        assertThat(context.rewinds).as("P2 has nothing in the database: no rewind for it")
                .isEqualTo(Map.of(P0, 5L, P1, 2L));

        second.put(records(0, 3, 6)); // 3 and 4 are in the table already
        assertThat(second.preCommit(consumerAt(P0, 7, P1, 2))).isEqualTo(consumerAt(P0, 7, P1, 2));
        assertThat(rows()).as("each record once").containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 1000L, 1001L);
    }

    @Test
    void closeDropsThePendingRecordsAndTheOffsetsOfRevokedPartitions() throws Exception {
        JdbcSinkTask task = new JdbcSinkTask();
        startTask(task, props(10));
        task.open(List.of(P0, P1));
        task.put(records(0, 0, 1));
        task.put(records(1, 0, 1));
        assertThat(task.preCommit(consumerAt(P0, 2, P1, 2))).isEqualTo(consumerAt(P0, 2, P1, 2));

        task.put(List.of(record(0, 2), record(1, 2))); // buffered, not written
        task.close(List.of(P1));

        assertThat(task.preCommit(consumerAt(P0, 3, P1, 3)))
                .as("P1 is revoked: no offset for it, not even the one committed before")
                .isEqualTo(consumerAt(P0, 3));
        assertThat(rows()).as("P1's pending record is not written by the task that lost it")
                .containsExactly(0L, 1L, 2L, 1000L, 1001L);
        assertThat(storedOffsets()).isEqualTo(Map.of(0, 2L, 1, 1L));

        // The partition's new owner starts where the table stands and writes the dropped record once.
        JdbcSinkTask owner = new JdbcSinkTask();
        FakeSinkTaskContext context = startTask(owner, props(10));
        owner.open(List.of(P1));
        assertThat(context.rewinds).isEqualTo(Map.of(P1, 2L));
        owner.put(List.of(record(1, 2)));
        assertThat(owner.preCommit(consumerAt(P1, 3))).isEqualTo(consumerAt(P1, 3));
        assertThat(rows()).containsExactly(0L, 1L, 2L, 1000L, 1001L, 1002L);
    }

    @Test
    void closeWaitsForTheWriteInFlightAndTheNewOwnerResumesAfterIt() throws Exception {
        JdbcSinkTask task = new JdbcSinkTask();
        startTask(task, props(2));
        task.open(List.of(P0, P1));

        task.put(List.of(record(0, 0), record(1, 0), record(0, 1))); // [P0@0, P1@0] in flight, P0@1 buffered
        task.close(List.of(P1));

        assertThat(rows()).as("close let the write in flight commit").containsExactly(0L, 1000L);
        assertThat(task.preCommit(consumerAt(P0, 2, P1, 1))).isEqualTo(consumerAt(P0, 2));
        assertThat(storedOffsets()).isEqualTo(Map.of(0, 1L, 1, 0L));

        JdbcSinkTask owner = new JdbcSinkTask();
        FakeSinkTaskContext context = startTask(owner, props(2));
        owner.open(List.of(P1));
        assertThat(context.rewinds).isEqualTo(Map.of(P1, 1L));
        owner.put(List.of(record(1, 0), record(1, 1))); // the consumer group had not committed P1@0
        assertThat(owner.preCommit(consumerAt(P1, 2))).isEqualTo(consumerAt(P1, 2));
        assertThat(rows()).containsExactly(0L, 1L, 1000L, 1001L);
    }

    @Test
    void aJobEndsInItsControlRowOnceAllItsIndexesAreCommittedEvenWhenAnIndexIsSentTwice() throws Exception {
        JdbcSinkTask task = new JdbcSinkTask();
        startTask(task, props(10));
        task.open(List.of(P0));
        task.put(List.of(jobRecord(0, 1, false), jobRecord(1, 2, false)));
        task.preCommit(consumerAt(P0, 2));
        assertThat(job("J1")).isEqualTo(List.of("RUNNING", 2L, 3L));

        // The source sent index 2 again at a new offset, then the last one.
        task.put(List.of(jobRecord(2, 2, false), jobRecord(3, 3, true)));
        assertThat(task.preCommit(consumerAt(P0, 4))).isEqualTo(consumerAt(P0, 4));

        assertThat(job("J1")).as("state, rows written, predicted total").isEqualTo(List.of("ENDED", 3L, 3L));
        assertThat(rows()).containsExactly(0L, 1L, 3L);
    }

    private static SinkRecord jobRecord(long offset, long index, boolean isEnd) {
        SinkRecord r = record(0, offset);
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(new JobHeaders("J1", 3, index, isEnd, 0), headers);
        return r.newRecord(r.topic(), r.kafkaPartition(), null, null, r.valueSchema(), r.value(), r.timestamp(),
                headers);
    }

    private static List<Object> job(String id) throws SQLException {
        try (Connection c = DATABASE.server().connect(DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, committed_count, predicted_total FROM pkuse_connect_jobs "
                     + "WHERE connector = 'sink-under-test' AND job_id = '" + id + "'")) {
            return rs.next() ? List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)) : List.of();
        }
    }

    @Test
    void startRefusesAConfigWithoutAUrlOrWithAnUnsafeOne() {
        Map<String, String> noUrl = props(10);
        noUrl.remove("connection.url");
        JdbcSinkTask task = new JdbcSinkTask();
        assertThatThrownBy(() -> startTask(task, noUrl)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connection.url");

        Map<String, String> unsafe = props(10);
        unsafe.put("connection.url", DATABASE.server().mysqlUrl(DB) + "&allowLoadLocalInfile=true");
        assertThatThrownBy(() -> startTask(new JdbcSinkTask(), unsafe)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connection.url").hasMessageContaining("allowLoadLocalInfile");

        Map<String, String> badBatch = props(10);
        badBatch.put("batch.size", "0");
        assertThatThrownBy(() -> startTask(new JdbcSinkTask(), badBatch)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("batch.size");
        // The worker stops a task whose start failed: that must not throw either (stopTasks does it).
    }

    @Test
    void aWrongPasswordLetsTheTaskStartCommitsNothingAndFailsItWithoutShowingThePassword() throws Exception {
        Map<String, String> props = props(10);
        String wrong = "Wrong-pw-5150";
        props.put("connection.password", wrong);
        props.put("connection.timeout.ms", "500");
        JdbcSinkTask task = new JdbcSinkTask();
        FakeSinkTaskContext context = startTask(task, props); // the database is reached on first use

        task.open(List.of(P0));
        assertThat(context.rewinds).as("offsets could not be read: the consumer's own are used").isEmpty();
        task.put(records(0, 0, 1));

        assertThat(task.preCommit(consumerAt(P0, 2))).as("nothing is durable").isEmpty();
        assertThatThrownBy(() -> task.put(records(0, 2, 2))).isInstanceOf(ConnectException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
                    }
                });
        assertThat(task.preCommit(consumerAt(P0, 2))).as("a failed task commits nothing").isEmpty();
        assertThat(rows()).isEmpty();
    }
}
