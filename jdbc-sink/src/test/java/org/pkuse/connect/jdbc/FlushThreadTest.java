package org.pkuse.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.jdbc.writer.FlushResult;

class FlushThreadTest {

    private static List<SinkRecord> chunk(long from, int n) {
        List<SinkRecord> c = new ArrayList<>();
        for (long o = from; o < from + n; o++) {
            c.add(new SinkRecord("t", 0, null, null, null, "v" + o, o));
        }
        return c;
    }

    private static FlushResult written(List<SinkRecord> chunk) {
        long last = chunk.get(chunk.size() - 1).kafkaOffset();
        return new FlushResult(Map.of(new TopicPartition("t", 0), last), chunk.size(), 0, 0);
    }

    @Test
    void writesChunksInOrderOnItsOwnThread() throws Exception {
        List<String> seen = new ArrayList<>();
        try (FlushThread<List<SinkRecord>> thread = new FlushThread<List<SinkRecord>>("flush-test")) {
            thread.submit(List.of(chunk(0, 3), chunk(3, 3)), c -> {
                seen.add(Thread.currentThread().getName() + "@" + c.get(0).kafkaOffset());
                return written(c);
            });
            FlushThread.Outcome<List<SinkRecord>> outcome = thread.await();

            assertThat(outcome.failed()).isFalse();
            assertThat(outcome.written()).extracting(FlushResult::written).containsExactly(3, 3);
            assertThat(outcome.written().get(1).committedOffsets()).containsEntry(new TopicPartition("t", 0), 5L);
            assertThat(seen).containsExactly("flush-test@0", "flush-test@3");
            assertThat(thread.busy()).isFalse();
            assertThat(thread.await()).as("nothing in flight").isNull();
        }
    }

    @Test
    void theFailingChunkAndTheOnesAfterItComeBackUnwritten() {
        SQLTransientConnectionException down = new SQLTransientConnectionException("database away");
        try (FlushThread<List<SinkRecord>> thread = new FlushThread<List<SinkRecord>>("flush-test")) {
            thread.submit(List.of(chunk(0, 2), chunk(2, 2), chunk(4, 2)), c -> {
                if (c.get(0).kafkaOffset() == 2) {
                    throw down;
                }
                return written(c);
            });
            FlushThread.Outcome<List<SinkRecord>> outcome = thread.await();

            assertThat(outcome.failed()).isTrue();
            assertThat(outcome.error()).isSameAs(down);
            assertThat(outcome.written()).hasSize(1);
            assertThat(outcome.unwritten()).hasSize(2);
            assertThat(outcome.unwritten().get(0)).extracting(SinkRecord::kafkaOffset).containsExactly(2L, 3L);
            assertThat(outcome.unwritten().get(1)).extracting(SinkRecord::kafkaOffset).containsExactly(4L, 5L);
        }
    }

    @Test
    void oneHandOverAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FlushThread<List<SinkRecord>> thread = new FlushThread<List<SinkRecord>>("flush-test")) {
            thread.submit(List.of(chunk(0, 1)), c -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return written(c);
            });
            assertThat(thread.busy()).isTrue();
            assertThat(thread.done()).isFalse();
            assertThatThrownBy(() -> thread.submit(List.of(chunk(1, 1)), FlushThreadTest::written))
                    .isInstanceOf(IllegalStateException.class);
            release.countDown();
            assertThat(thread.await().written()).hasSize(1);
        }
    }
}
