package org.pkuse.connect.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.jdbc.errors.BadRecordHandler;
import org.pkuse.connect.jdbc.errors.DeadLetterQueue;
import org.pkuse.connect.jdbc.writer.FlushResult;
import org.pkuse.connect.jdbc.writer.MappedChunk;

/**
 * A sink task's records on their way to the database: its {@link RecordBuffer}, the chunks in flight on its
 * {@link FlushThread}, and what comes back from them. A chunk that comes back because a record in it goes to the
 * dead-letter queue is written again here, on the task thread, where the worker's errant-record reporter is safe
 * (KAFKA-16087, before Kafka 3.8). Any other failure is handed to the task to act on. Task thread only.
 */
final class BufferedWrites implements AutoCloseable {

    /** Maps records into a chunk, on the task thread. */
    interface Mapping {
        MappedChunk map(List<SinkRecord> records);
    }

    /** Writes one chunk in one transaction, bad records to {@code bad}. */
    interface ChunkWriter {
        FlushResult write(MappedChunk chunk, BadRecordHandler bad) throws SQLException;
    }

    private final RecordBuffer buffer = new RecordBuffer();
    private final FlushThread<MappedChunk> flushThread;
    private final int batchSize;
    private final Mapping mapping;
    private final ChunkWriter writer;
    private final DeadLetterQueue deadLetters;
    private final Runnable onWritten;
    private Exception failure;

    /** @param onWritten called after each chunk that commits (resets the task's count of failures in a row) */
    BufferedWrites(FlushThread<MappedChunk> flushThread, int batchSize, Mapping mapping, ChunkWriter writer,
                   DeadLetterQueue deadLetters, Runnable onWritten) {
        this.flushThread = flushThread;
        this.batchSize = batchSize;
        this.mapping = mapping;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.onWritten = onWritten;
    }

    void add(Collection<SinkRecord> records) {
        buffer.add(records);
    }

    boolean isEmpty() {
        return buffer.isEmpty();
    }

    int size() {
        return buffer.size();
    }

    long waitedMs(long now) {
        return buffer.waitedMs(now);
    }

    /** The buffered records, in order (those of a failed write first). */
    List<SinkRecord> records() {
        return buffer.records();
    }

    /** A write is in flight. */
    boolean busy() {
        return flushThread.busy();
    }

    /** The write in flight, if any, has finished. */
    boolean done() {
        return flushThread.done();
    }

    /** Offsets the database holds (read when partitions are opened). */
    void committed(Map<TopicPartition, Long> offsets) {
        buffer.committed(offsets);
        deadLetters.committed(offsets);
    }

    Long committedOffset(TopicPartition tp) {
        return buffer.committedOffset(tp);
    }

    /** Revoked partitions: lets the write in flight finish, then drops their records; returns how many. */
    int drop(Collection<TopicPartition> partitions) {
        collect();
        deadLetters.forget(partitions);
        return buffer.drop(partitions);
    }

    /**
     * Hands the buffer's full chunks (or, when {@code all}, everything) to the flush thread. They are mapped first,
     * while the write in flight goes on; then that write is collected, and only then are they handed over (at most
     * one write in flight).
     *
     * @return false when the write in flight failed: its records are back in front of the buffer, nothing was handed
     *         over (the chunks mapped meanwhile are dropped) and {@link #takeFailure} says what to do
     */
    boolean handOver(boolean all) {
        int n = all ? buffer.size() : buffer.size() / batchSize * batchSize;
        List<MappedChunk> chunks = new ArrayList<>(n / batchSize + 1);
        List<SinkRecord> handed = buffer.first(n);
        for (int i = 0; i < n; i += batchSize) {
            chunks.add(mapping.map(new ArrayList<>(handed.subList(i, Math.min(n, i + batchSize)))));
        }
        collect();
        if (failure != null) {
            return false;
        }
        if (n > 0) {
            buffer.remove(n);
            flushThread.submit(chunks, chunk -> writer.write(chunk, deadLetters.onFlushThread()));
        }
        return true;
    }

    /** Takes in the outcome of the write in flight, if any: committed offsets, or the unwritten chunks back. */
    void collect() {
        FlushThread.Outcome<MappedChunk> outcome = flushThread.await();
        if (outcome == null) {
            return;
        }
        for (FlushResult r : outcome.written()) {
            written(r);
        }
        if (outcome.failed()) {
            List<SinkRecord> back = new ArrayList<>();
            outcome.unwritten().forEach(c -> back.addAll(c.records()));
            buffer.putBack(back);
            failure = outcome.error();
        }
    }

    /**
     * Acts on the last write's failure where it can: a chunk rolled back for its dead letters is written again here.
     *
     * @return the failure the task must act on (retry or fail); null when there is none
     */
    Exception takeFailure() {
        if (failure == null) {
            return null;
        }
        Exception error = failure;
        int count = buffer.takeReturned(); // fewer than came back when partitions were revoked meanwhile
        failure = null;
        if (!DeadLetterQueue.retryOnTaskThread(error)) {
            return error;
        }
        try {
            while (count > 0) {
                int n = Math.min(count, batchSize);
                written(writer.write(mapping.map(buffer.first(n)), deadLetters.onTaskThread()));
                buffer.remove(n);
                count -= n;
            }
            return null;
        } catch (SQLException | RuntimeException e) {
            return e; // the records stay buffered: the next hand-over writes them again
        }
    }

    private void written(FlushResult r) {
        buffer.committed(r.committedOffsets());
        deadLetters.committed(r.committedOffsets());
        onWritten.run();
    }

    /** Lets the write in flight finish; it commits or rolls back as a whole. */
    @Override
    public void close() {
        flushThread.close();
    }
}
