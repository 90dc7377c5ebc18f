package org.pkuse.connect.jdbc.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run read in several key ranges at once, every reader in the run's one snapshot: the run's transaction exports
 * it and each other reader's transaction imports it (PostgreSQL), so the rows are exactly those the count saw. The
 * key (one integer column) is cut into ranges of equal width between its least and greatest value; the ranges are
 * handed out in key order ({@link RangedStream}), so the records keep their 1..N numbering.
 */
final class ParallelRanges {

    private static final Logger log = LoggerFactory.getLogger(ParallelRanges.class);

    private ParallelRanges() {
    }

    /**
     * The run's rows in ranges, read on {@code main} (the run's transaction, which this takes) and on connections
     * of the pool; null when they cannot be split (the database cannot share its snapshot, the key is not one
     * integer column, fewer rows than ranges): the caller then reads them in one stream on {@code main}.
     */
    static RowStream open(TableRead read, Connection main, SourceTable table, DatabaseDialect dialect,
                          DataSource pool, int ranges) throws SQLException {
        if (table.key().size() != 1 || !integer(table.columns().get(table.key().get(0)).kind())) {
            log.info("Table {}: read in one stream (parallel ranges need a key of one integer column)", table.id());
            return null;
        }
        String snapshot = dialect.exportSnapshot(main);
        if (snapshot == null) {
            log.info("Table {}: read in one stream ({} cannot share a snapshot between connections)", table.id(),
                    dialect.name());
            return null;
        }
        long[] bounds = read.keyBounds(main);
        if (bounds == null || bounds[1] - bounds[0] < ranges) {
            return null;
        }
        List<Long> cuts = cuts(bounds[0], bounds[1], ranges);
        List<ResultStream> streams = new ArrayList<>();
        try {
            for (int i = 1; i < ranges; i++) {
                Connection c = pool.getConnection();
                try {
                    dialect.importSnapshot(c, snapshot);
                    streams.add(read.stream(c, cuts.get(i - 1), i == ranges - 1 ? null : cuts.get(i)));
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
            }
            // the exporting transaction last: the snapshot must stay exported until every reader has imported it
            streams.add(0, read.stream(main, null, cuts.get(0)));
        } catch (SQLException | RuntimeException e) {
            streams.forEach(ResultStream::close);
            throw e;
        }
        log.info("Table {}: read in {} key ranges at once, in one snapshot", table.id(), ranges);
        return new RangedStream(streams);
    }

    /** The upper ends of the first n-1 ranges of equal width over [min, max]. */
    static List<Long> cuts(long min, long max, int n) {
        List<Long> cuts = new ArrayList<>();
        java.math.BigInteger width = java.math.BigInteger.valueOf(max).subtract(java.math.BigInteger.valueOf(min));
        for (int i = 1; i < n; i++) {
            cuts.add(java.math.BigInteger.valueOf(min).add(width.multiply(java.math.BigInteger.valueOf(i))
                    .divide(java.math.BigInteger.valueOf(n))).longValueExact());
        }
        return cuts;
    }

    private static boolean integer(SourceColumn.Kind kind) {
        return kind == SourceColumn.Kind.INT8 || kind == SourceColumn.Kind.INT16 || kind == SourceColumn.Kind.INT32
                || kind == SourceColumn.Kind.INT64;
    }
}
