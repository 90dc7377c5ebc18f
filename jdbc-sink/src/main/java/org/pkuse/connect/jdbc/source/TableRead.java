package org.pkuse.connect.jdbc.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import javax.sql.DataSource;

import org.pkuse.connect.common.source.Increments;
import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.common.source.RunReading;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;

/**
 * One run's read of a table: in key order, after the resume position if any, and for an incremental run the rows
 * whose increment column is above the run's lower bound and at most its upper bound. The upper bound is the column's
 * greatest value when the run starts, read in the same snapshot as the count and the rows, so the count is exact;
 * a resumed run keeps it, so it reads no row added since.
 */
final class TableRead implements RunReading {

    private final DataSource pool;
    private final DatabaseDialect dialect;
    private final SourceTable table;
    private final ReadSettings settings;
    private final String from;
    private final Object fromValue;
    private final byte[] after;
    private String bound;
    /** The run's transaction, open from {@link #count} to the end of the stream. */
    private Connection conn;
    /** Further readers in the run's snapshot, one per further key range (none: one stream). */
    private List<Connection> others = List.of();

    TableRead(DataSource pool, DatabaseDialect dialect, SourceTable table, ReadSettings settings, String from,
              String bound, byte[] after) {
        this.pool = pool;
        this.dialect = dialect;
        this.table = table;
        this.settings = settings;
        this.from = from;
        this.fromValue = table.increment() < 0 || from.isEmpty() ? null
                : parse("The run's lower bound (pkuse.lastincrementvalue, or the previous run's next increment value)",
                        from, false);
        this.bound = bound == null || bound.isEmpty() ? null : bound;
        this.after = after;
    }

    @Override
    public long count() throws SQLException {
        begin();
        List<SqlParam> params = new ArrayList<>();
        String sql = "SELECT COUNT(*) FROM " + table.from(dialect) + where(params);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException | RuntimeException e) {
            release();
            throw e;
        }
    }

    @Override
    public RowStream open() throws SQLException {
        begin();
        Connection main = conn;
        List<Connection> more = others;
        conn = null; // the streams' now: they end the transactions
        others = List.of();
        try {
            RowStream ranged = ParallelRanges.open(this, main, more);
            return ranged != null ? ranged : new RangedStream(List.of(stream(main, null, null)));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(main);
            throw e;
        }
    }

    /**
     * The run's rows on {@code c} (in its consistent read), in key order, with the key in ({@code above},
     * {@code upTo}] when they are given (a range of a single-column key); the stream owns {@code c} from here.
     */
    ResultStream stream(Connection c, Object above, Object upTo) throws SQLException {
        List<SqlParam> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(dialect.quote(table.columns().get(i).name()));
        }
        String where = where(params);
        sql.append(" FROM ").append(table.from(dialect)).append(where);
        if (above != null || upTo != null) {
            SourceColumn key = table.columns().get(table.key().get(0));
            sql.append(where.isEmpty() ? " WHERE " : " AND ");
            if (above != null) {
                sql.append(keyList()).append(" > ?").append(upTo != null ? " AND " : "");
                params.add(new SqlParam(key, above, true));
            }
            if (upTo != null) {
                sql.append(keyList()).append(" <= ?");
                params.add(new SqlParam(key, upTo, true));
            }
        }
        if (!table.key().isEmpty()) {
            sql.append(" ORDER BY ").append(keyList());
        }
        PreparedStatement ps = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        try {
            ps.setFetchSize(dialect.streamingFetchSize(c, settings.fetchSize()));
            bind(ps, params);
            return new ResultStream(table, c, ps, ps.executeQuery(), settings);
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** The least and greatest key among the run's rows, read on {@code c} in the run's snapshot; null when none. */
    long[] keyBounds(Connection c) throws SQLException {
        List<SqlParam> params = new ArrayList<>();
        String sql = "SELECT MIN(" + keyList() + "), MAX(" + keyList() + ") FROM " + table.from(dialect)
                + where(params);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.rollback();
            c.close();
        } catch (SQLException e) {
            // the connection is gone: nothing to end
        }
    }

    /**
     * Opens the run's snapshot (once); an incremental run that has no upper bound yet fixes it first
     * ({@link #fixBound}).
     */
    private void begin() throws SQLException {
        if (conn != null) {
            return;
        }
        if (table.increment() >= 0 && bound == null) {
            fixBound();
        }
        conn = pool.getConnection();
        try {
            others = ParallelRanges.beginReaders(conn, table, dialect, pool, settings.ranges(),
                    settings.inflightWait());
        } catch (SQLException | RuntimeException e) {
            release();
            throw e;
        }
    }

    /**
     * The upper bound is the increment column's greatest committed value now. A row below it that another
     * transaction wrote and has not committed yet would commit after the run's snapshot and be missed by this run
     * and by the next one (which starts above the bound). Ids are allocated in order, so such a transaction had
     * written before this moment: the run waits for every transaction open now that has written, then takes its
     * snapshot. Transactions that write later get values above the bound: the next run's.
     */
    private void fixBound() throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            SourceColumn increment = table.incrementColumn();
            if (increment.kind() == SourceColumn.Kind.TIMESTAMP) {
                bound = increment.text(serverNowMinusDelay(c));
            } else {
                String column = dialect.quote(increment.name());
                try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + column + ") FROM "
                        + table.from(dialect));
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Object max = increment.read(rs, 1, settings.calendar());
                    bound = max == null ? null : increment.text(max);
                }
            }
            new OpenWriters(dialect, settings.inflightWait()).awaitThoseOpenNow(c, table.id());
        }
    }

    /**
     * A timestamp run's upper bound: the server's clock minus {@code pkuse.jdbc.timestamp.delay.ms}. A row's
     * timestamp is often set by the application before its transaction commits; the delay leaves such rows to the
     * next run instead of passing their value by (the open-writers wait covers transactions that already wrote).
     */
    private java.sql.Timestamp serverNowMinusDelay(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.currentTimeQuery());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            java.sql.Timestamp now = rs.getTimestamp(1, Calendar.getInstance(
                    TimeZone.getTimeZone("UTC")));
            return java.sql.Timestamp.from(now.toInstant().minus(settings.timestampDelay()));
        }
    }

    private String where(List<SqlParam> params) {
        List<String> conditions = new ArrayList<>();
        if (table.increment() >= 0) {
            SourceColumn increment = table.incrementColumn();
            String column = dialect.quote(increment.name());
            if (bound == null) {
                conditions.add("1 = 0"); // no row had a value when the run started
            } else {
                if (fromValue instanceof List<?> tuple) {
                    // timestamp then id: after (t, i) come the rows of a later t, and those of t with a greater id
                    SourceColumn tieBreak = table.tieBreakColumn();
                    conditions.add("(" + column + " > ? OR (" + column + " = ? AND "
                            + dialect.quote(tieBreak.name()) + " > ?))");
                    params.add(new SqlParam(increment, tuple.get(0), false));
                    params.add(new SqlParam(increment, tuple.get(0), false));
                    params.add(new SqlParam(tieBreak, tuple.get(1), false));
                } else if (fromValue != null) {
                    conditions.add(column + " > ?");
                    params.add(new SqlParam(increment, fromValue, false));
                }
                conditions.add(column + " <= ?");
                params.add(new SqlParam(increment, parse("The run's stored upper bound", bound, true), false));
            }
        }
        if (table.fields() != null) {
            table.fields().conditions(dialect, conditions, params);
        }
        if (after != null) {
            List<String> texts = KeyPosition.decode(after, table.key().size());
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i < texts.size(); i++) {
                marks.append(i == 0 ? "?" : ", ?");
                SourceColumn key = table.columns().get(table.key().get(i));
                params.add(new SqlParam(key, key.parse(texts.get(i), settings.dbZone()), false));
            }
            conditions.add(texts.size() == 1 ? keyList() + " > ?" : "(" + keyList() + ") > (" + marks + ")");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private String keyList() {
        StringBuilder b = new StringBuilder();
        for (int k : table.key()) {
            b.append(b.length() == 0 ? "" : ", ").append(dialect.quote(table.columns().get(k).name()));
        }
        return b.toString();
    }

    private void bind(PreparedStatement ps, List<SqlParam> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).bind(ps, i + 1, settings.calendar());
        }
    }

    /** An increment value read back: with a tie-break column (unless {@code single}), "value,id". */
    private Object parse(String what, String text, boolean single) {
        try {
            if (table.tieBreak() < 0 || single) {
                return table.incrementColumn().parse(text, settings.dbZone());
            }
            int comma = text.lastIndexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException("is not '<" + table.incrementColumn().name() + ">,<"
                        + table.tieBreakColumn().name() + ">'");
            }
            return Arrays.asList(table.incrementColumn().parse(text.substring(0, comma), settings.dbZone()),
                    table.tieBreakColumn().parse(text.substring(comma + 1), settings.dbZone()));
        } catch (IllegalArgumentException e) {
            throw new org.apache.kafka.connect.errors.ConnectException(what + (settings.includeValues() ? " '"
                    + text + "' " : " ") + e.getMessage());
        }
    }

    @Override
    public Increments increments() {
        return table.incrementColumn() == null ? null
                : new IncrementOrder(table.incrementColumn(), table.tieBreakColumn(), (what, text) -> parse(what, text, false));
    }

    /** A full sync of a table has no watermark: its 'end' gives no next value. */
    @Override
    public boolean timeWatermark() {
        return false;
    }

    @Override
    public Object fromValue() {
        return fromValue;
    }

    @Override
    public String bound() {
        return bound == null ? "" : bound;
    }

    @Override
    public String describe() {
        String what = "table " + table.id() + ", in order of " + keyList();
        if (table.increment() < 0) {
            return what + ", all rows";
        }
        String column = table.incrementColumn().name()
                + (table.tieBreak() < 0 ? "" : " then " + table.tieBreakColumn().name());
        if (!settings.includeValues()) {
            return what + ", " + column + (from.isEmpty() ? " from the start" : " above the run's lower bound")
                    + " up to the greatest value at the run's start (values hidden)";
        }
        return what + ", " + column + (from.isEmpty() ? "" : " > '" + from + "'") + " up to '" + bound() + "'";
    }

    @Override
    public String shownPosition(byte[] position) {
        return settings.includeValues() ? KeyPosition.decode(position, table.key().size()).toString() : null;
    }

    /** Ends the run's transaction if the stream never took it (a failed start, a run that had finished before). */
    @Override
    public void release() {
        ParallelRanges.end(others);
        others = List.of();
        if (conn != null) {
            try {
                conn.rollback();
                conn.close();
            } catch (SQLException e) {
                // the connection is gone: nothing to end
            }
            conn = null;
        }
    }
}
