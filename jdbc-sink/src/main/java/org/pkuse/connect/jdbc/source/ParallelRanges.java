package org.pkuse.connect.jdbc.source;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run read in several key ranges at once, every reader in the run's one snapshot (begun by the dialect: an
 * exported snapshot on PostgreSQL, a brief table read lock on MySQL/MariaDB), so the rows are exactly those the
 * count saw. The
 * key (one integer column) is cut into ranges of equal width between its least and greatest value; the ranges are
 * handed out in key order ({@link RangedStream}), so the records keep their 1..N numbering.
 */
final class ParallelRanges {

    private static final Logger log = LoggerFactory.getLogger(ParallelRanges.class);

    private ParallelRanges() {
    }

    /**
     * Begins the run's consistent read on {@code main} and, where the run can be read in {@code ranges} key ranges,
     * on the other readers it returns (taken from the pool, in the same snapshot as {@code main}); empty when it
     * cannot (the key is not one integer column, the database cannot share its snapshot): the run is then read in
     * one stream on {@code main}.
     */
    static List<Connection> beginReaders(Connection main, SourceTable table, DatabaseDialect dialect,
                                         DataSource pool, int ranges, Duration lockWait) throws SQLException {
        if (ranges > 1 && (table.key().size() != 1
                || !integer(table.columns().get(table.key().get(0)).kind()))) {
            log.info("Table {}: read in one stream (parallel ranges need a key of one integer column)", table.id());
        } else if (ranges > 1) {
            List<Connection> readers = new ArrayList<>(List.of(main));
            try {
                for (int i = 1; i < ranges; i++) {
                    readers.add(pool.getConnection());
                }
                if (dialect.beginSharedRead(readers, table.query() == null ? table.id() : null, pool, lockWait)) {
                    return readers.subList(1, readers.size());
                }
                log.info("Table {}: read in one stream ({} cannot share a snapshot between connections here)",
                        table.id(), dialect.name());
            } catch (SQLException | RuntimeException e) {
                end(readers.subList(1, readers.size()));
                throw e;
            }
            end(readers.subList(1, readers.size()));
        }
        dialect.beginConsistentRead(main);
        return List.of();
    }

    /**
     * The run's rows in ranges, read on {@code main} and on {@code others} (from {@link #beginReaders}; this takes
     * them all); null when there are fewer rows than ranges (the others are then ended and the caller reads on
     * {@code main}).
     */
    static RowStream open(TableRead read, Connection main, List<Connection> others) throws SQLException {
        int ranges = others.size() + 1;
        long[] bounds = others.isEmpty() ? null : read.keyBounds(main);
        if (bounds == null || bounds[1] - bounds[0] < ranges) {
            end(others);
            return null;
        }
        List<Long> cuts = cuts(bounds[0], bounds[1], ranges);
        List<ResultStream> streams = new ArrayList<>();
        int next = 0;
        try {
            streams.add(read.stream(main, null, cuts.get(0)));
            for (next = 1; next < ranges; next++) {
                streams.add(read.stream(others.get(next - 1), cuts.get(next - 1),
                        next == ranges - 1 ? null : cuts.get(next)));
            }
        } catch (SQLException | RuntimeException e) {
            streams.forEach(ResultStream::close);
            end(others.subList(Math.max(0, next - 1), others.size()));
            throw e;
        }
        log.info("{} read in {} key ranges at once, in one snapshot", read.describe(), ranges);
        return new RangedStream(streams);
    }

    /** Ends the readers' transactions and gives them back to the pool. */
    static void end(List<Connection> readers) {
        for (Connection c : readers) {
            try {
                c.rollback();
            } catch (SQLException e) {
                // not in a transaction, or the connection is gone: nothing to end
            }
            try {
                c.close();
            } catch (SQLException e) {
                // gone
            }
        }
    }

    /** The upper ends of the first n-1 ranges of equal width over [min, max]. */
    static List<Long> cuts(long min, long max, int n) {
        List<Long> cuts = new ArrayList<>();
        BigInteger width = BigInteger.valueOf(max).subtract(BigInteger.valueOf(min));
        for (int i = 1; i < n; i++) {
            cuts.add(BigInteger.valueOf(min).add(width.multiply(BigInteger.valueOf(i))
                    .divide(BigInteger.valueOf(n))).longValueExact());
        }
        return cuts;
    }

    private static boolean integer(SourceColumn.Kind kind) {
        return kind == SourceColumn.Kind.INT8 || kind == SourceColumn.Kind.INT16 || kind == SourceColumn.Kind.INT32
                || kind == SourceColumn.Kind.INT64;
    }
}
