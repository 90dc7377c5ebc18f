package org.pkuse.connect.hbase.scan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.pkuse.connect.common.source.RowItem;

/**
 * The rows that the region scans have read and the emitter has not taken yet: one queue per range, all within one
 * budget of {@code capacity} rows, handed out strictly range by range.
 *
 * <p>The range being emitted (the current one) may always use the reserve of {@code reserve} rows; the ranges after
 * it share what is left. So later ranges never take the last rows of the budget, the current range can always make
 * progress, and finished ranges that wait for their turn cannot hold more than the budget together.
 */
final class ReadAhead {

    /** Ends a range's queue; not a row, so outside the budget (one per range). */
    private static final Object END = new Object();

    private final List<ArrayDeque<Object>> queues = new ArrayList<>();
    private final int capacity;
    private final int reserve;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private final Condition ready = lock.newCondition();
    private int current;
    private int held;
    private int maxHeld;
    private int waitingProducers;
    private boolean closed;

    /**
     * @param capacity most rows held at once, over all ranges
     * @param reserve  rows of the budget that only the current range may use (at most {@code capacity})
     */
    ReadAhead(int ranges, int capacity, int reserve) {
        if (capacity < 1 || reserve < 1 || reserve > capacity) {
            throw new IllegalArgumentException("capacity " + capacity + ", reserve " + reserve);
        }
        for (int i = 0; i < ranges; i++) {
            queues.add(new ArrayDeque<>());
        }
        this.capacity = capacity;
        this.reserve = reserve;
    }

    /**
     * Adds a row (or a row that failed conversion) of range {@code range}, waiting for room in the budget.
     *
     * @return false when closed (or interrupted) before there was room
     */
    boolean put(int range, RowItem item) {
        lock.lock();
        try {
            while (!closed && !roomFor(range)) {
                waitingProducers++;
                try {
                    space.await(200, TimeUnit.MILLISECONDS);
                } finally {
                    waitingProducers--;
                }
            }
            if (closed) {
                return false;
            }
            queues.get(range).addLast(item);
            held++;
            maxHeld = Math.max(maxHeld, held);
            if (range == current) {
                ready.signal();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean roomFor(int range) {
        return range == current ? held < capacity : held < capacity - reserve;
    }

    /** A range's last item: a failure (or nothing), then its end; never waits. */
    void end(int range, RowItem.Failure failure) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (failure != null) {
                queues.get(range).addLast(failure);
            }
            queues.get(range).addLast(END);
            if (range == current) {
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} items in order, waiting at most {@code waitMs} for the first; empty when none is ready.
     */
    List<RowItem> take(int max, long waitMs) throws InterruptedException {
        List<RowItem> out = new ArrayList<>();
        long left = TimeUnit.MILLISECONDS.toNanos(waitMs);
        lock.lock();
        try {
            while (out.size() < max && current < queues.size() && !closed) {
                Object item = queues.get(current).pollFirst();
                if (item == null) {
                    if (!out.isEmpty() || left <= 0) {
                        break;
                    }
                    left = ready.awaitNanos(left);
                } else if (item == END) {
                    current++; // the reserve passes to the next range: waiting scans may now have room
                    space.signalAll();
                } else {
                    if (!(item instanceof RowItem.Failure)) {
                        held--;
                    }
                    out.add((RowItem) item);
                }
            }
            if (!out.isEmpty() && waitingProducers > 0) {
                space.signalAll();
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Every range has ended and been taken. */
    boolean done() {
        lock.lock();
        try {
            return current >= queues.size();
        } finally {
            lock.unlock();
        }
    }

    /** Drops every row held and wakes every waiting scan, which then stops. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queues.forEach(ArrayDeque::clear);
            held = 0;
            space.signalAll();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The most rows held at once so far (never more than the capacity). */
    int maxHeld() {
        lock.lock();
        try {
            return maxHeld;
        } finally {
            lock.unlock();
        }
    }
}
