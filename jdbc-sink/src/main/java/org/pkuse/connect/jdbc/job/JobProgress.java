package org.pkuse.connect.jdbc.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.connect.errors.DataException;
import org.roaringbitmap.RoaringBitmap;

/**
 * One job's committed progress as stored in the jobs control table: the set of committed {@code currentIndex}es (a
 * Roaring bitmap: a contiguous run of a million indexes takes a few bytes), the end index N once the {@code isEnd}
 * record was seen, counts and state. A job is complete when every index 1..N is in the set.
 */
public final class JobProgress {

    /**
     * RUNNING until complete, then ENDED. SWAPPING: complete in overwrite mode on MySQL/MariaDB, where the staging
     * table can only be renamed in after the ending commit; ENDED once it is. FAILED: a task failed for good.
     */
    public enum State { RUNNING, SWAPPING, ENDED, FAILED }

    /** Indexes are stored as unsigned 32-bit values. */
    public static final long MAX_INDEX = 0xFFFF_FFFFL;

    private final String jobId;
    private String topic;
    private long predictedTotal;
    private Long endIndex;
    private long written;
    private long deadLettered;
    private State state;
    private final RoaringBitmap indexes;

    public JobProgress(String jobId, String topic, long predictedTotal, Long endIndex, long written,
                       long deadLettered, State state, RoaringBitmap indexes) {
        this.jobId = jobId;
        this.topic = topic;
        this.predictedTotal = predictedTotal;
        this.endIndex = endIndex;
        this.written = written;
        this.deadLettered = deadLettered;
        this.state = state;
        this.indexes = indexes == null ? new RoaringBitmap() : indexes;
    }

    public static JobProgress fresh(String jobId, String topic, long predictedTotal) {
        return new JobProgress(jobId, topic, predictedTotal, null, 0, 0, State.RUNNING, new RoaringBitmap());
    }

    /**
     * Claims an index for this flush.
     *
     * @return false when the index is committed already (a redelivered or re-sent record): skip it
     */
    public boolean claim(long index) {
        if (index < 1 || index > MAX_INDEX) {
            throw new DataException("currentIndex " + index + " is outside 1.." + MAX_INDEX);
        }
        return indexes.checkedAdd((int) index);
    }

    public boolean contains(long index) {
        return index >= 1 && index <= MAX_INDEX && indexes.contains((int) index);
    }

    /** The {@code isEnd} record's index is the run's record count N. */
    public void endAt(long index) {
        this.endIndex = index;
    }

    public void predictedTotal(long total) {
        this.predictedTotal = total;
    }

    public void countWritten(long n) {
        written += n;
    }

    public void countDeadLettered(long n) {
        deadLettered += n;
    }

    /**
     * Adds the progress of one flush, computed against an unlocked read of the row, to this row read under lock.
     * Changes nothing and returns false when one of the flush's indexes is committed here already: another task
     * wrote that index meanwhile (the same record through two partitions), so the flush must run again under lock.
     */
    public boolean absorb(JobProgress flush) {
        if (RoaringBitmap.intersects(indexes, flush.indexes)) {
            return false;
        }
        indexes.or(flush.indexes);
        written += flush.written;
        deadLettered += flush.deadLettered;
        if (flush.endIndex != null) {
            endIndex = flush.endIndex;
        }
        if (!flush.indexes.isEmpty() || flush.endIndex != null) {
            predictedTotal = flush.predictedTotal;
        }
        return true;
    }

    /**
     * The indexes not committed yet, as ranges ({@code 17, 300-450}), at most {@code maxRanges} of them: of 1..N
     * once the end index N is known, else of 1..predictedTotal.
     */
    public String missing(int maxRanges) {
        long n = endIndex != null ? endIndex : predictedTotal;
        StringBuilder out = new StringBuilder();
        int ranges = 0;
        long i = 1;
        while (i <= n) {
            if (indexes.contains((int) i)) {
                i++;
                continue;
            }
            long from = i;
            while (i <= n && !indexes.contains((int) i)) {
                i++;
            }
            if (ranges == maxRanges) {
                out.append(", ...");
                break;
            }
            out.append(ranges++ == 0 ? "" : ", ").append(from).append(from == i - 1 ? "" : "-" + (i - 1));
        }
        return out.toString();
    }

    /** Every index 1..N committed (N = 0 for an empty run). */
    public boolean complete() {
        if (endIndex == null) {
            return false;
        }
        long n = endIndex;
        return n == 0 || indexes.rangeCardinality(1, n + 1) == n;
    }

    /** Flips RUNNING to ENDED when complete; true only for the caller that flipped it. */
    public boolean endIfComplete() {
        if (state == State.RUNNING && complete()) {
            state = State.ENDED;
            return true;
        }
        return false;
    }

    public String jobId() {
        return jobId;
    }

    public String topic() {
        return topic;
    }

    public long predictedTotal() {
        return predictedTotal;
    }

    public Long endIndex() {
        return endIndex;
    }

    public long written() {
        return written;
    }

    public long deadLettered() {
        return deadLettered;
    }

    /** Distinct indexes committed, written or dead-lettered. */
    public long committed() {
        return indexes.getLongCardinality();
    }

    public State state() {
        return state;
    }

    public void state(State s) {
        this.state = s;
    }

    public byte[] serializeIndexes() {
        indexes.runOptimize();
        ByteArrayOutputStream out = new ByteArrayOutputStream(indexes.serializedSizeInBytes());
        try (DataOutputStream data = new DataOutputStream(out)) {
            indexes.serialize(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static RoaringBitmap deserializeIndexes(byte[] bytes) {
        RoaringBitmap bitmap = new RoaringBitmap();
        if (bytes == null || bytes.length == 0) {
            return bitmap;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            bitmap.deserialize(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bitmap;
    }
}
