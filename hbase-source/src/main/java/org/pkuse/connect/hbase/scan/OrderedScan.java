package org.pkuse.connect.hbase.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.hbase.client.Connection;
import org.pkuse.connect.hbase.mapping.MappedRow;
import org.pkuse.connect.hbase.mapping.RowConversionException;
import org.pkuse.connect.hbase.mapping.RowMapper;

/**
 * Scans the key ranges of a plan (one per region) on a bounded pool of threads, converting rows as it goes, and
 * hands the results out strictly in row-key order: a range's rows only after every earlier range's. Each range
 * has a bounded queue, so a range that runs ahead waits; memory is bounded by threads x queue size. Ranges start
 * in order on a fixed pool, so the earliest unfinished range always has a thread and the scan cannot deadlock.
 */
public final class OrderedScan implements AutoCloseable {

    private static final Object END = new Object();
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final List<BlockingQueue<Object>> queues = new ArrayList<>();
    private final ExecutorService pool;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int current;

    public OrderedScan(Connection connection, ScanPlan plan, List<KeyRange> ranges, RowMapper mapper, int threads,
                       int queueRows, String name) {
        int n = POOLS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, ranges.size())), r -> {
            Thread t = new Thread(r, "pkuse-hbase-scan-" + name + "-" + n + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (KeyRange range : ranges) {
            BlockingQueue<Object> queue = new LinkedBlockingQueue<>(queueRows);
            queues.add(queue);
            ScanPlan piece = plan.withRange(range);
            pool.execute(() -> scan(connection, piece, mapper, queue));
        }
    }

    private void scan(Connection connection, ScanPlan piece, RowMapper mapper, BlockingQueue<Object> queue) {
        try {
            if (closed.get()) {
                return;
            }
            RangeReader.read(connection, piece, result -> {
                Object item;
                try {
                    MappedRow row = mapper.map(result);
                    if (row == null) {
                        return !closed.get();
                    }
                    item = new ScanItem.Row(row);
                } catch (RowConversionException e) {
                    item = new ScanItem.Bad(e);
                }
                return put(queue, item);
            });
            put(queue, END);
        } catch (Exception | Error e) { // an Error too: without a Failure and END the run would wait forever
            if (!closed.get()) {
                put(queue, new ScanItem.Failure(e));
                put(queue, END);
            }
        }
    }

    private boolean put(BlockingQueue<Object> queue, Object item) {
        try {
            while (!closed.get()) {
                if (queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Up to {@code max} items in order, waiting at most {@code waitMs} for the first; empty when none is ready.
     * After {@link #done()} it returns nothing.
     */
    public List<ScanItem> next(int max, long waitMs) throws InterruptedException {
        List<ScanItem> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (out.size() < max && current < queues.size()) {
            BlockingQueue<Object> queue = queues.get(current);
            Object item = queue.poll();
            if (item == null) {
                if (!out.isEmpty()) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                item = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                if (item == null) {
                    continue;
                }
            }
            if (item == END) {
                current++;
                continue;
            }
            out.add((ScanItem) item);
        }
        return out;
    }

    /** Every range has been read and handed out. */
    public boolean done() {
        return current >= queues.size();
    }

    @Override
    public void close() {
        closed.set(true);
        pool.shutdownNow();
        queues.forEach(BlockingQueue::clear);
    }
}
