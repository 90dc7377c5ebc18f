package org.pkuse.connect.hbase.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hadoop.hbase.client.Connection;
import org.pkuse.connect.hbase.mapping.RowConversionException;
import org.pkuse.connect.hbase.mapping.RowMapper;

/**
 * Counts, at a run's start, the records the run will send: over exactly the same plan (range, time bounds,
 * pushed-down filter) as the scan. When client-side checks apply ({@code limitcondition}, an increment field) or
 * unconvertible rows are skipped ({@code errors.tolerance=all}), the rows are read and mapped as the scan will;
 * otherwise a key-only scan counts them.
 */
public final class RowCounter {

    private RowCounter() {
    }

    public static long count(Connection connection, ScanPlan plan, List<KeyRange> ranges, RowMapper mapper,
                             boolean readRows, boolean skipBad, int threads) throws Exception {
        if (ranges.isEmpty()) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, ranges.size())), r -> {
            Thread t = new Thread(r, "pkuse-hbase-count");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (KeyRange range : ranges) {
                ScanPlan piece = plan.withRange(range);
                parts.add(pool.submit(() -> readRows ? countMapped(connection, piece, mapper, skipBad)
                        : RangeReader.countKeys(connection, piece)));
            }
            long total = 0;
            for (Future<Long> part : parts) {
                try {
                    total += part.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long countMapped(Connection connection, ScanPlan plan, RowMapper mapper, boolean skipBad)
            throws Exception {
        AtomicLong n = new AtomicLong();
        RangeReader.read(connection, plan, result -> {
            try {
                if (mapper.map(result) != null) {
                    n.incrementAndGet();
                }
            } catch (RowConversionException e) {
                if (!skipBad) {
                    n.incrementAndGet();
                }
            }
            return !Thread.currentThread().isInterrupted();
        });
        return n.get();
    }
}
