package org.pkuse.connect.hbase.scan;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.hbase.client.Connection;
import org.pkuse.connect.common.source.RowItem;
import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.common.source.SourceRow;
import org.pkuse.connect.hbase.mapping.RowConversionException;
import org.pkuse.connect.hbase.mapping.RowMapper;

/**
 * Scans the key ranges of a plan (one per region) on a bounded pool of threads, converting rows as it goes, and
 * hands the results out strictly in row-key order: a range's rows only after every earlier range's.
 *
 * <p>Memory is bounded by threads x {@code queueRows} rows over all ranges together ({@link ReadAhead}): a range
 * that finished early keeps its rows until their turn, and those count against the same budget, so many small
 * regions cannot pile up (each scan thread may also hold the one row it is about to add, and its scanner's
 * client-side caching). The range being emitted always has room for {@code queueRows} rows, and ranges start in
 * order on a fixed pool, so the earliest unfinished range always has a thread and the scan cannot deadlock.
 */
public final class OrderedScan implements RowStream {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ReadAhead readAhead;
    private final ExecutorService pool;
    private final AtomicInteger busy = new AtomicInteger();

    public OrderedScan(Connection connection, ScanPlan plan, List<KeyRange> ranges, RowMapper mapper, int threads,
                       int queueRows, String name) {
        int n = POOLS.incrementAndGet();
        int size = Math.max(1, Math.min(threads, ranges.size()));
        AtomicInteger thread = new AtomicInteger();
        this.readAhead = new ReadAhead(ranges.size(), size * queueRows, queueRows);
        this.pool = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "pkuse-hbase-scan-" + name + "-" + n + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < ranges.size(); i++) {
            int range = i;
            ScanPlan piece = plan.withRange(ranges.get(i));
            pool.execute(() -> scan(connection, piece, mapper, range));
        }
    }

    private void scan(Connection connection, ScanPlan piece, RowMapper mapper, int range) {
        busy.incrementAndGet();
        try {
            if (readAhead.closed()) {
                return;
            }
            RangeReader.read(connection, piece, result -> {
                RowItem item;
                try {
                    SourceRow row = mapper.map(result);
                    if (row == null) {
                        return !readAhead.closed();
                    }
                    item = new RowItem.Row(row);
                } catch (RowConversionException e) {
                    item = new RowItem.Bad(e);
                }
                return readAhead.put(range, item);
            });
            readAhead.end(range, null);
        } catch (Exception | Error e) { // an Error too: without a Failure and an end the run would wait forever
            readAhead.end(range, new RowItem.Failure(e));
        } finally {
            busy.decrementAndGet();
        }
    }

    @Override
    public int readersBusy() {
        return busy.get();
    }

    /**
     * Up to {@code max} items in order, waiting at most {@code waitMs} for the first; empty when none is ready.
     * After {@link #done()} it returns nothing.
     */
    public List<RowItem> next(int max, long waitMs) throws InterruptedException {
        return readAhead.take(max, waitMs);
    }

    /** Every range has been read and handed out. */
    public boolean done() {
        return readAhead.done();
    }

    /** The most rows (converted or not) held at once so far; at most threads x queue rows. */
    int maxHeldRows() {
        return readAhead.maxHeld();
    }

    @Override
    public void close() {
        readAhead.close();
        pool.shutdownNow();
    }
}
