package org.pkuse.connect.common.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.apache.kafka.connect.errors.DataException;
import org.roaringbitmap.longlong.LongIterator;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * One job's committed progress as stored in the jobs control table: the set of committed {@code currentIndex}es (a
 * 64-bit Roaring bitmap: a contiguous run of a million indexes takes a few bytes), the end index N once the
 * {@code isEnd} record was seen, counts and state. A job is complete when every index 1..N is in the set.
 *
 * <p>Stored form ({@link #serializeIndexes}): while every index fits in 32 bits, the 32-bit portable Roaring format,
 * byte for byte what versions before 64-bit indexes wrote and read; beyond that, the byte {@code 0x40} (which the
 * 32-bit format never starts with: its cookie starts {@code 0x3A} or {@code 0x3B}) and the 64-bit portable format.
 * Old rows are read as they are; nothing to migrate.
 */
public final class JobProgress {

    /**
     * RUNNING until complete, then ENDED. SWAPPING: complete in overwrite mode on MySQL/MariaDB, where the staging
     * table can only be renamed in after the ending commit; ENDED once it is. FAILED: a task failed for good.
     */
    public enum State { RUNNING, SWAPPING, ENDED, FAILED }

    /** Leads the stored form of a set with an index above 2^32-1. */
    private static final byte FORMAT_64 = 0x40;
    /** The 64-bit portable form of a set within 2^32-1: one bucket, high bits 0, then the 32-bit form. */
    private static final int ONE_BUCKET_HEADER = 12;

    private final String jobId;
    private String topic;
    private long predictedTotal;
    private Long endIndex;
    private long written;
    private long deadLettered;
    private State state;
    private final Roaring64NavigableMap indexes;

    public JobProgress(String jobId, String topic, long predictedTotal, Long endIndex, long written,
                       long deadLettered, State state, Roaring64NavigableMap indexes) {
        this.jobId = jobId;
        this.topic = topic;
        this.predictedTotal = predictedTotal;
        this.endIndex = endIndex;
        this.written = written;
        this.deadLettered = deadLettered;
        this.state = state;
        this.indexes = indexes == null ? new Roaring64NavigableMap() : indexes;
    }

    public static JobProgress fresh(String jobId, String topic, long predictedTotal) {
        return new JobProgress(jobId, topic, predictedTotal, null, 0, 0, State.RUNNING, new Roaring64NavigableMap());
    }

    /**
     * Claims an index for this flush.
     *
     * @return false when the index is committed already (a redelivered or re-sent record): skip it
     */
    public boolean claim(long index) {
        if (index < 1) {
            throw new DataException("currentIndex " + index + " is outside 1.." + Long.MAX_VALUE);
        }
        if (indexes.contains(index)) {
            return false;
        }
        indexes.addLong(index);
        return true;
    }

    public boolean contains(long index) {
        return index >= 1 && indexes.contains(index);
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
        // A flush holds at most one chunk of indexes: look each up rather than intersect two bitmaps.
        for (LongIterator it = flush.indexes.getLongIterator(); it.hasNext(); ) {
            if (indexes.contains(it.next())) {
                return false;
            }
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
     * once the end index N is known, else of 1..predictedTotal. Found by rank, not by walking 1..N: N may be
     * anywhere up to {@code Long.MAX_VALUE}.
     */
    public String missing(int maxRanges) {
        long n = endIndex != null ? endIndex : predictedTotal;
        StringBuilder out = new StringBuilder();
        int ranges = 0;
        long from = firstMissing(1, n);
        while (from > 0) {
            if (ranges == maxRanges) {
                out.append(", ...");
                break;
            }
            long to = Math.min(n, nextCommitted(from) - 1);
            out.append(ranges++ == 0 ? "" : ", ").append(from).append(from == to ? "" : "-" + to);
            // to + 1 is committed (or past n), so the next gap starts at to + 2 at the earliest
            from = to >= n - 1 ? -1 : firstMissing(to + 2, n);
        }
        return out.toString();
    }

    /** How many of 1..x are not committed (every committed index is at least 1). */
    private long missingUpTo(long x) {
        return x - indexes.rankLong(x);
    }

    /** The smallest index in from..n that is not committed; -1 when there is none. */
    private long firstMissing(long from, long n) {
        if (from > n || missingUpTo(n) == missingUpTo(from - 1)) {
            return -1;
        }
        long before = missingUpTo(from - 1);
        long lo = from;
        long hi = n;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (missingUpTo(mid) > before) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The smallest committed index above {@code x}; {@code Long.MAX_VALUE} when there is none. */
    private long nextCommitted(long x) {
        long rank = indexes.rankLong(x);
        return rank < indexes.getLongCardinality() ? indexes.select(rank) : Long.MAX_VALUE;
    }

    /** Every index 1..N committed (N = 0 for an empty run). */
    public boolean complete() {
        if (endIndex == null) {
            return false;
        }
        long n = endIndex;
        return n == 0 || indexes.rankLong(n) == n;
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

    /** The stored form: see the class comment. */
    public byte[] serializeIndexes() {
        if (indexes.isEmpty()) {
            return new byte[] {0x3A, 0x30, 0, 0, 0, 0, 0, 0}; // an empty 32-bit bitmap, as earlier versions wrote it
        }
        indexes.runOptimize();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                indexes.serializedSizeInBytes() + 1));
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeByte(FORMAT_64);
            indexes.serializePortable(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        boolean fits32 = indexes.last() <= 0xFFFF_FFFFL;
        return fits32 ? Arrays.copyOfRange(bytes, 1 + ONE_BUCKET_HEADER, bytes.length) : bytes;
    }

    /** Reads the stored form: either format (see the class comment); null or empty is the empty set. */
    public static Roaring64NavigableMap deserializeIndexes(byte[] bytes) {
        Roaring64NavigableMap bitmap = new Roaring64NavigableMap();
        if (bytes == null || bytes.length == 0) {
            return bitmap;
        }
        byte[] portable;
        if (bytes[0] == FORMAT_64) {
            portable = Arrays.copyOfRange(bytes, 1, bytes.length);
        } else {
            // The 32-bit form is the 64-bit form's one bucket: prefix the bucket count (1) and its high bits (0).
            portable = new byte[ONE_BUCKET_HEADER + bytes.length];
            portable[0] = 1;
            System.arraycopy(bytes, 0, portable, ONE_BUCKET_HEADER, bytes.length);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(portable))) {
            bitmap.deserializePortable(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bitmap.isEmpty() ? new Roaring64NavigableMap() : bitmap;
    }
}
