package org.pkuse.connect.jdbc.dialect;

import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The SQL that differs between databases, behind one small interface. Implementations are stateless and found
 * through {@link DialectProvider} by {@link java.util.ServiceLoader}. Every identifier goes through
 * {@link #quote(String)}: no table or field name can inject SQL.
 */
public interface DatabaseDialect {

    String name();

    /**
     * Quotes one identifier, doubling any quote character inside it; fails on a name too long for the database
     * ({@link #checkIdentifier}).
     */
    String quote(String identifier);

    /**
     * Fails, naming the identifier and the limit, on a name longer than this database takes: MySQL and MariaDB
     * refuse it, PostgreSQL cuts it without a word, and two long names could then be one table or column.
     *
     * @param kind what the name names, first in the message ("Table", "Column"): error texts keep a quoted name
     *             after such a word and mask other quoted text as a possible row value
     */
    void checkIdentifier(String kind, String identifier);

    default String table(TableId id) {
        if (id.qualifier() != null) {
            checkIdentifier(qualifierIsCatalog() ? "Database" : "Schema", id.qualifier());
        }
        checkIdentifier("Table", id.name());
        return id.qualifier() == null ? quote(id.name()) : quote(id.qualifier()) + "." + quote(id.name());
    }

    String insert(TableId table, List<String> keyColumns, List<String> valueColumns);

    /** Insert or, on a primary key conflict, update the value columns (or do nothing when there are none). */
    String upsert(TableId table, List<String> keyColumns, List<String> valueColumns);

    String update(TableId table, List<String> keyColumns, List<String> valueColumns);

    String delete(TableId table, List<String> keyColumns);

    /** Insert unless a row with the same key exists; used for control rows. */
    String insertIfAbsent(TableId table, List<String> columns);

    /** The column type for a Connect schema, as a DBA would choose it. */
    String sqlType(ColumnSpec column, TypeOptions options);

    String createTable(TableId table, List<ColumnSpec> columns, TypeOptions options);

    List<String> addColumns(TableId table, List<ColumnSpec> columns, TypeOptions options);

    /** DDL of the three control tables (offsets, jobs, the events outbox), each {@code CREATE TABLE IF NOT EXISTS}. */
    List<String> controlTables(TableId offsets, TableId jobs, TableId events);

    /** A type for large binary values (the serialized index bitmap). */
    String blobType();

    /**
     * Statements that replace {@code target} by {@code staging} atomically for readers; {@code old} is a free name
     * used on the way and dropped at the end.
     */
    List<String> swapTables(TableId target, TableId staging, TableId old, boolean targetExists);

    String dropTableIfExists(TableId table);

    /** Creates {@code copy} with the columns and key of {@code source}, without rows. */
    String createTableLike(TableId copy, TableId source);

    /** Whether renames are transactional (PostgreSQL) or commit implicitly (MySQL/MariaDB). */
    boolean transactionalDdl();

    /** Whether a failure is worth retrying: connection lost, deadlock, lock wait timeout, server restarting. */
    default boolean isTransient(SQLException e) {
        return SqlErrors.isTransient(e);
    }

    /**
     * Opens a read-only transaction whose reads all see one snapshot, taken now: a source run's count and its rows
     * agree. PostgreSQL: REPEATABLE READ (the snapshot is the first statement's).
     */
    default void beginConsistentRead(Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        conn.setReadOnly(true);
    }

    /**
     * A query listing the other sessions' transactions that have written and are still open, one id per row (text):
     * a source run waits for those open at its start before it takes its snapshot, so that no row they wrote below
     * the run's bound commits after it. Empty where the database cannot list them: runs then do not wait.
     */
    default Optional<String> openWritersQuery() {
        return Optional.empty();
    }

    /** Whether a statement failed because its table does not exist (or the user cannot see it). */
    default boolean isMissingTable(SQLException e) {
        return "42S02".equals(e.getSQLState()); // the standard's "base table or view not found"
    }

    /**
     * The fetch size that makes {@code conn}'s driver stream a result, {@code rows} per round trip where it can,
     * instead of reading it whole into memory.
     */
    default int streamingFetchSize(Connection conn, int rows) throws SQLException {
        return rows;
    }

    /** Whether the driver of {@code md} reads a BIT column of more than one bit as text ('0101...'), not bytes. */
    default boolean readsBitsAsText(ResultSetMetaData md) {
        return false;
    }

    /**
     * A query of the server's clock as one timestamp read in UTC: a timestamp run's upper bound is the server's now
     * minus a delay, not the worker's (their clocks may differ). PostgreSQL: a timestamptz, an instant.
     */
    default String currentTimeQuery() {
        return "SELECT CURRENT_TIMESTAMP";
    }

    /**
     * Begins on every connection of {@code readers} a consistent read ({@link #beginConsistentRead}) of the same
     * rows of {@code table} (null: a query's, any tables), so that a run read in several key ranges reads exactly
     * the rows its count saw. Returns false, having begun none, where the database cannot share a snapshot for it:
     * the run then reads in one stream. {@code pool} lends a connection for the time it takes (where a lock must
     * hold while the readers begin); {@code lockWait} bounds a wait for locks. PostgreSQL: the first reader's
     * snapshot exported ({@code pg_export_snapshot()}) and imported by the others.
     */
    default boolean beginSharedRead(List<Connection> readers, TableId table, DataSource pool, Duration lockWait)
            throws SQLException {
        return false;
    }

    /** Whether {@link #beginSharedRead} can share a snapshot of a table between connections. */
    default boolean sharesSnapshots() {
        return false;
    }

    /** Whether {@link #beginSharedRead} can also share a snapshot of a query's rows (any tables). */
    default boolean sharesSnapshotsOfQueries() {
        return sharesSnapshots();
    }

    /** How old the answer of {@link #openWritersQuery} may be (a cache the server keeps). */
    default Duration openWritersLag() {
        return Duration.ZERO;
    }

    /** True when a table's qualifier is a JDBC catalog (MySQL databases), false for a schema (PostgreSQL). */
    default boolean qualifierIsCatalog() {
        return false;
    }

    /**
     * True when date/time values may be bound as {@code java.time} wall-clock values in {@code db.timezone}
     * ({@code LocalDateTime}): the MySQL and MariaDB drivers then send the same literal as {@code setTimestamp} with
     * a calendar, without building a {@code SimpleDateFormat} per value. False where a {@code timestamptz} column
     * would read a zone-less value in the session's zone (PostgreSQL).
     */
    default boolean bindsWallClockTimes() {
        return false;
    }

    /** Options of auto-create. */
    record TypeOptions(int keyVarcharLength, int decimalDefaultPrecision) {
        public static final TypeOptions DEFAULT = new TypeOptions(255, 38);
    }
}
