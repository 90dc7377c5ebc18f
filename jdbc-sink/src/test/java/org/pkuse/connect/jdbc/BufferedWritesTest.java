package org.pkuse.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobScope;
import org.pkuse.connect.jdbc.JdbcSinkConfig.InsertMode;
import org.pkuse.connect.jdbc.JdbcSinkConfig.PrimaryKeyMode;
import org.pkuse.connect.jdbc.errors.BadRecordHandler;
import org.pkuse.connect.jdbc.errors.DeadLetterQueue;
import org.pkuse.connect.jdbc.writer.FlushResult;
import org.pkuse.connect.jdbc.writer.MappedChunk;
import org.pkuse.connect.jdbc.writer.RecordMapper;

/**
 * The task's write flow with a real flush thread and dead-letter queue in front of a database stand-in: the record
 * at partition 0 offset 1 is bad; the stand-in can roll a transaction back after its dead letters were reported.
 */
class BufferedWritesTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final RecordMapper mapper = new RecordMapper("${topic}", PrimaryKeyMode.NONE, List.of(), List.of(),
            InsertMode.INSERT, false);
    private final List<String> deadLettered = new ArrayList<>();
    private final List<List<String>> writtenOnTaskThread = new ArrayList<>();
    private boolean rollBackNextTaskThreadWrite;
    private int commits;

    private final BufferedWrites writes = new BufferedWrites(new FlushThread<>("test-flush"), 10,
            records -> MappedChunk.map(records, mapper, new JobScope("")), this::write,
            new DeadLetterQueue((record, error) -> {
                deadLettered.add(name(record));
                return CompletableFuture.completedFuture(null);
            }), () -> commits++);

    private FlushResult write(MappedChunk chunk, BadRecordHandler bad) throws SQLTransientConnectionException {
        boolean taskThread = !Thread.currentThread().getName().equals("test-flush");
        if (taskThread) {
            writtenOnTaskThread.add(chunk.records().stream().map(BufferedWritesTest::name).toList());
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (SinkRecord r : chunk.records()) {
            if (r.kafkaPartition() == 0 && r.kafkaOffset() == 1) {
                bad.handle(r, "emp", new DataException("Field 'name': column 'name' (VARCHAR) is too short"));
            }
            offsets.merge(new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset(), Math::max);
        }
        if (taskThread && rollBackNextTaskThreadWrite) {
            rollBackNextTaskThreadWrite = false;
            throw new SQLTransientConnectionException("connection lost before the commit", "08003");
        }
        return new FlushResult(offsets, chunk.records().size() - 1, 0, 1);
    }

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("t", partition, null, null, null, Map.of("id", offset), offset);
    }

    private static String name(SinkRecord r) {
        return r.kafkaPartition() + "@" + r.kafkaOffset();
    }

    @AfterEach
    void stop() {
        writes.close();
    }

    @Test
    void aPartitionRevokedWhileAChunkIsBackForItsDeadLettersLeavesTheRestToBeWritten() {
        writes.add(List.of(record(0, 0), record(1, 0), record(0, 1), record(1, 1), record(0, 2)));
        writes.handOver(true);
        writes.collect(); // the flush thread met the bad record: the chunk is back, to be written on this thread
        assertThat(writes.size()).isEqualTo(5);

        assertThat(writes.drop(List.of(P1))).as("close(): partition 1 revoked").isEqualTo(2);

        writes.add(List.of(record(0, 3))); // the next put
        assertThat(writes.takeFailure()).as("nothing left for the task to fail on").isNull();

        assertThat(writtenOnTaskThread).containsExactly(List.of("0@0", "0@1", "0@2"));
        assertThat(deadLettered).containsExactly("0@1");
        assertThat(writes.committedOffset(P0)).isEqualTo(2L);
        assertThat(writes.committedOffset(P1)).isNull();
        assertThat(writes.records()).extracting(SinkRecord::kafkaOffset).containsExactly(3L);
        assertThat(commits).isEqualTo(1);

        writes.handOver(true);
        writes.collect();
        assertThat(writes.takeFailure()).isNull();
        assertThat(writes.committedOffset(P0)).isEqualTo(3L);
        assertThat(writes.isEmpty()).isTrue();
    }

    @Test
    void aTransactionRolledBackAfterItsDeadLettersWereSentSendsThemOnceInAll() {
        writes.add(List.of(record(0, 0), record(0, 1), record(0, 2)));
        rollBackNextTaskThreadWrite = true;
        writes.handOver(true);
        writes.collect();
        Exception failure = writes.takeFailure(); // written on the task thread: reported, then rolled back
        assertThat(failure).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(deadLettered).containsExactly("0@1");
        assertThat(writes.size()).as("the records stay for the retry").isEqualTo(3);

        // the retry: handed over again, back for its dead letters, written on the task thread and committed
        writes.handOver(true);
        writes.collect();
        assertThat(writes.takeFailure()).isNull();

        assertThat(writtenOnTaskThread).hasSize(2);
        assertThat(deadLettered).as("one dead letter per bad record").containsExactly("0@1");
        assertThat(writes.committedOffset(P0)).isEqualTo(2L);
        assertThat(writes.isEmpty()).isTrue();
    }

    @Test
    void theNextChunkIsMappedWhileTheOneInFlightIsWrittenAndHandedOverOnlyAfterIt() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (BufferedWrites two = twoAtATime(order, chunk -> {
            if (chunk.records().get(0).kafkaOffset() == 0) {
                writing.countDown();
                release.await(30, TimeUnit.SECONDS); // the database is slow on the first chunk
            }
        })) {
            two.add(List.of(record(0, 0), record(0, 1)));
            assertThat(two.handOver(false)).isTrue();
            assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
            two.add(List.of(record(0, 2), record(0, 3)));
            CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> two.handOver(false));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!order.contains("map 0@2 0@3") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(order).as("mapped while the first chunk is still being written")
                    .containsExactly("map 0@0 0@1", "write 0@0 0@1", "map 0@2 0@3");
            assertThat(next).as("handed over only once the write in flight is done").isNotDone();

            release.countDown();
            assertThat(next.get(30, TimeUnit.SECONDS)).isTrue();
            two.collect();
            assertThat(order).endsWith("write 0@2 0@3");
            assertThat(two.committedOffset(P0)).isEqualTo(3L);
            assertThat(two.isEmpty()).isTrue();
        }
    }

    @Test
    void chunksMappedWhileTheWriteInFlightFailsAreNotHandedOverAndItsRecordsComeBackFirst() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (BufferedWrites two = twoAtATime(order, chunk -> {
            if (chunk.records().get(0).kafkaOffset() == 0) {
                throw new SQLTransientConnectionException("connection lost before the commit", "08003");
            }
        })) {
            two.add(List.of(record(0, 0), record(0, 1)));
            two.handOver(false);
            two.add(List.of(record(0, 2), record(0, 3)));

            assertThat(two.handOver(false)).as("the write in flight failed: nothing handed over").isFalse();

            assertThat(two.records()).extracting(SinkRecord::kafkaOffset).containsExactly(0L, 1L, 2L, 3L);
            assertThat(two.busy()).isFalse();
            assertThat(two.takeFailure()).isInstanceOf(SQLTransientConnectionException.class);
            // The second chunk was mapped while the first was written (either may come first), and never written.
            assertThat(order).containsExactlyInAnyOrder("map 0@0 0@1", "write 0@0 0@1", "map 0@2 0@3");
        }
    }

    /** What a chunk write does before it commits: wait, or fail. */
    private interface BeforeCommit {
        void run(MappedChunk chunk) throws Exception;
    }

    /** Batch size 2; maps and writes are recorded in {@code order}. */
    private BufferedWrites twoAtATime(List<String> order, BeforeCommit beforeCommit) {
        return new BufferedWrites(new FlushThread<>("test-flush-2"), 2, records -> {
            order.add("map " + String.join(" ", records.stream().map(BufferedWritesTest::name).toList()));
            return MappedChunk.map(records, mapper, new JobScope(""));
        }, (chunk, bad) -> {
            order.add("write " + String.join(" ", chunk.records().stream().map(BufferedWritesTest::name).toList()));
            try {
                beforeCommit.run(chunk);
            } catch (SQLTransientConnectionException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            chunk.records().forEach(r -> offsets.merge(P0, r.kafkaOffset(), Math::max));
            return new FlushResult(offsets, chunk.records().size(), 0, 0);
        }, new DeadLetterQueue((record, error) -> CompletableFuture.completedFuture(null)), () -> { });
    }
}
