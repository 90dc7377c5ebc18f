package org.pkuse.connect.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

/**
 * The database's ceiling for a sink: a plain JDBC program (MySQL's driver, {@code rewriteBatchedStatements=true}),
 * per thread one connection, batch.size rows per batch and per transaction, the rows built in memory.
 */
final class PlainWriter {

    private PlainWriter() {
    }

    static String url(Bench bench) {
        return "jdbc:mysql://" + bench.mariaDb.host() + ":" + bench.mariaDb.port() + "/" + Bench.DATABASE
                + "?useSSL=false&rewriteBatchedStatements=true&useUnicode=true&characterEncoding=utf-8";
    }

    /** Writes rows 1..N into {@code table} (thread t takes the ids with id % threads == t); checks the count. */
    static Bench.Outcome write(Bench bench, RowShape shape, String table, long rows, int threads, boolean upsert)
            throws Exception {
        return write(bench, shape, table, rows, threads, upsert, false);
    }

    /**
     * As {@link #write(Bench, RowShape, String, long, int, boolean)}; with {@code keyOrder} the ids go in the order
     * of their decimal strings (1, 10, 100, ..., 2, 20, ...), as an HBase table keyed by them is scanned: a sink of
     * that scan inserts all over the primary key's B-tree, not at its end, which costs the database more.
     */
    static Bench.Outcome write(Bench bench, RowShape shape, String table, long rows, int threads, boolean upsert,
                               boolean keyOrder) throws Exception {
        long[] order = keyOrder ? LongStream.rangeClosed(1, rows).mapToObj(Long::toString).sorted()
                .mapToLong(Long::parseLong).toArray() : null;
        int batch = bench.options.batchSize();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int part = t;
            parts.add(pool.submit(() -> {
                long n = 0;
                try (Connection c = DriverManager.getConnection(url(bench), bench.mariaDb.user(),
                        bench.mariaDb.password());
                     PreparedStatement ps = c.prepareStatement(shape.insertSql(table, upsert))) {
                    c.setAutoCommit(false);
                    int inBatch = 0;
                    for (long i = 1; i <= rows; i++) {
                        long id = order == null ? i : order[(int) (i - 1)];
                        if (id % threads != part) {
                            continue;
                        }
                        shape.bind(ps, id);
                        ps.addBatch();
                        n++;
                        if (++inBatch == batch) {
                            ps.executeBatch();
                            c.commit();
                            inBatch = 0;
                        }
                    }
                    if (inBatch > 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                return n;
            }));
        }
        long n = 0;
        for (Future<Long> f : parts) {
            n += f.get();
        }
        double seconds = Bench.seconds(started, System.nanoTime());
        pool.shutdown();
        long count = bench.countRows(table);
        if (count != rows) {
            throw new IllegalStateException(table + ": " + count + " rows, expected " + rows);
        }
        return new Bench.Outcome(n, seconds, "");
    }
}
