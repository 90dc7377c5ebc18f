package org.pkuse.connect.jdbc.dialect.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.jdbc.dialect.SqlDialect;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL. Upserts use the row alias form {@code INSERT ... AS new ON DUPLICATE KEY UPDATE c = new.c} from 8.0.20 on
 * (where {@code VALUES()} is deprecated), and the {@code VALUES(c)} form before.
 */
public class MySqlDialect extends SqlDialect {

    /** Longest database, table or column name, in characters. */
    static final int MAX_IDENTIFIER_CHARS = 64;

    private static final Logger log = LoggerFactory.getLogger(MySqlDialect.class);

    /** ER_LOCK_WAIT_TIMEOUT: lock_wait_timeout passed (also for metadata locks). */
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int NO_SUCH_TABLE = 1146;

    private final boolean rowAlias;

    public MySqlDialect(boolean rowAlias) {
        this.rowAlias = rowAlias;
    }

    /** InnoDB transactions that modified rows (reading INNODB_TRX takes the PROCESS privilege). */
    @Override
    public Optional<String> openWritersQuery() {
        return Optional.of("SELECT CAST(trx_id AS CHAR) FROM information_schema.INNODB_TRX "
                + "WHERE trx_rows_modified > 0 AND trx_mysql_thread_id <> CONNECTION_ID()");
    }

    /** ER_NO_SUCH_TABLE, whatever SQLSTATE the driver gives it. */
    @Override
    public boolean isMissingTable(SQLException e) {
        return super.isMissingTable(e) || e.getErrorCode() == NO_SUCH_TABLE;
    }

    /**
     * MySQL's driver streams only with Integer.MIN_VALUE (row by row); MariaDB's driver, under this dialect or its
     * MariaDB subclass, with any positive size.
     */
    @Override
    public int streamingFetchSize(Connection conn, int rows) throws SQLException {
        String driver = String.valueOf(conn.getMetaData().getDriverName());
        return driver.startsWith("MySQL Connector") ? Integer.MIN_VALUE : rows;
    }

    /** InnoDB refreshes the cache behind INNODB_TRX at most every 100 ms (TRX_I_S_CACHE_MIN_REFRESH_INTERVAL). */
    /** NOW() is in the session's zone; UTC_TIMESTAMP is not. */
    @Override
    public String currentTimeQuery() {
        return "SELECT UTC_TIMESTAMP(3)";
    }

    @Override
    public Duration openWritersLag() {
        return Duration.ofMillis(100);
    }

    /** InnoDB takes the snapshot at the first read unless asked to now; both see REPEATABLE READ's one view. */
    @Override
    public void beginConsistentRead(Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = conn.createStatement()) {
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
    }

    /**
     * InnoDB cannot hand one snapshot to another session, but snapshots begun while no one can write the table are
     * the same: another session holds {@code LOCK TABLES t READ} (which first waits for the transactions that have
     * written the table to end) while every reader begins. Writers wait for those milliseconds. A query's tables
     * are unknown: no shared read. Without the LOCK TABLES privilege, or when an open writer outlasts
     * {@code lockWait}, the run reads in one stream (logged).
     */
    @Override
    public boolean beginSharedRead(List<Connection> readers, TableId table, DataSource pool, Duration lockWait)
            throws SQLException {
        if (table == null) {
            return false;
        }
        try (Connection lock = pool.getConnection(); Statement s = lock.createStatement()) {
            lock.setAutoCommit(true);
            s.execute("SET SESSION lock_wait_timeout = " + Math.max(1, lockWait.toSeconds()));
            try {
                s.execute("LOCK TABLES " + table(table) + " READ");
            } catch (SQLException e) {
                if (e.getErrorCode() != LOCK_WAIT_TIMEOUT && !"42000".equals(e.getSQLState())) {
                    throw e;
                }
                log.warn("Table {}: read in one stream, not in key ranges: LOCK TABLES ... READ, which makes the "
                        + "ranges' snapshots one, failed ({}; it needs the LOCK TABLES privilege, and waits at most "
                        + "{} s for transactions that have written the table)", table, e.getErrorCode(),
                        Math.max(1, lockWait.toSeconds()));
                return false;
            }
            try {
                for (Connection reader : readers) {
                    beginConsistentRead(reader);
                }
            } finally {
                s.execute("UNLOCK TABLES");
                s.execute("SET SESSION lock_wait_timeout = DEFAULT");
            }
        }
        return true;
    }

    @Override
    public boolean sharesSnapshots() {
        return true;
    }

    @Override
    public boolean sharesSnapshotsOfQueries() {
        return false;
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    protected char quoteChar() {
        return '`';
    }

    @Override
    public void checkIdentifier(String kind, String identifier) {
        int chars = identifier.codePointCount(0, identifier.length());
        if (chars > MAX_IDENTIFIER_CHARS) {
            throw new ConnectException(kind + " '" + identifier + "' is " + chars + " characters long; MySQL and "
                    + "MariaDB allow at most " + MAX_IDENTIFIER_CHARS + " characters");
        }
    }

    protected boolean rowAlias() {
        return rowAlias;
    }

    @Override
    public String upsert(TableId table, List<String> keyColumns, List<String> valueColumns) {
        String insert = insert(table, keyColumns, valueColumns);
        if (valueColumns.isEmpty()) {
            String k = quote(keyColumns.get(0));
            return insert + " ON DUPLICATE KEY UPDATE " + k + " = " + k;
        }
        if (rowAlias) {
            return insert + " AS new ON DUPLICATE KEY UPDATE " + valueColumns.stream()
                    .map(c -> quote(c) + " = new." + quote(c)).collect(Collectors.joining(", "));
        }
        return insert + " ON DUPLICATE KEY UPDATE " + valueColumns.stream()
                .map(c -> quote(c) + " = VALUES(" + quote(c) + ")").collect(Collectors.joining(", "));
    }

    @Override
    public String insertIfAbsent(TableId table, List<String> columns) {
        return "INSERT IGNORE INTO " + table(table) + " (" + columns(columns) + ") VALUES ("
                + placeholders(columns.size()) + ")";
    }

    @Override
    protected Map<Schema.Type, String> primitiveTypes() {
        return Map.of(Schema.Type.INT8, "TINYINT", Schema.Type.INT16, "SMALLINT", Schema.Type.INT32, "INT",
                Schema.Type.INT64, "BIGINT", Schema.Type.FLOAT32, "FLOAT", Schema.Type.FLOAT64, "DOUBLE",
                Schema.Type.BOOLEAN, "BOOLEAN");
    }

    @Override
    protected String keyStringType(int length) {
        return "VARCHAR(" + length + ")";
    }

    @Override
    protected String textType() {
        return "LONGTEXT";
    }

    @Override
    protected String keyBytesType(int length) {
        return "VARBINARY(" + length + ")";
    }

    @Override
    public boolean bindsWallClockTimes() {
        return true;
    }

    @Override
    protected String timestampType() {
        return "DATETIME(3)";
    }

    @Override
    public String blobType() {
        return "LONGBLOB";
    }

    @Override
    public List<String> controlTables(TableId offsets, TableId jobs, TableId events) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table(offsets) + " (\n"
                        + "  `connector` VARCHAR(190) NOT NULL,\n"
                        + "  `topic` VARCHAR(249) NOT NULL,\n"
                        + "  `kafka_partition` INT NOT NULL,\n"
                        + "  `committed_offset` BIGINT NOT NULL,\n"
                        + "  `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),\n"
                        + "  PRIMARY KEY (`connector`, `topic`, `kafka_partition`)\n)",
                "CREATE TABLE IF NOT EXISTS " + table(jobs) + " (\n"
                        + "  `connector` VARCHAR(190) NOT NULL,\n"
                        + "  `job_id` VARCHAR(190) NOT NULL,\n"
                        + "  `topic` VARCHAR(249) NULL,\n"
                        + "  `predicted_total` BIGINT NOT NULL,\n"
                        + "  `end_index` BIGINT NULL,\n"
                        + "  `committed_count` BIGINT NOT NULL,\n"
                        + "  `dead_lettered` BIGINT NOT NULL,\n"
                        + "  `state` VARCHAR(16) NOT NULL,\n"
                        + "  `indexes` LONGBLOB NULL,\n"
                        + "  `started_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),\n"
                        + "  `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),\n"
                        + "  PRIMARY KEY (`connector`, `job_id`)\n)",
                "CREATE TABLE IF NOT EXISTS " + table(events) + " (\n"
                        + "  `id` BIGINT NOT NULL AUTO_INCREMENT,\n"
                        + "  `connector` VARCHAR(190) NOT NULL,\n"
                        + "  `job_id` VARCHAR(190) NOT NULL,\n"
                        + "  `event_id` VARCHAR(700) NOT NULL,\n"
                        + "  `payload` LONGTEXT NOT NULL,\n"
                        + "  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),\n"
                        + "  PRIMARY KEY (`id`),\n"
                        + "  KEY `connector_id` (`connector`, `id`)\n)");
    }

    @Override
    public List<String> swapTables(TableId target, TableId staging, TableId old, boolean targetExists) {
        if (!targetExists) {
            return List.of("RENAME TABLE " + table(staging) + " TO " + table(target));
        }
        // One RENAME TABLE statement is atomic: readers see the old table or the new one. The first DROP clears
        // what a swap cut short between its RENAME and its DROP left behind.
        return List.of("DROP TABLE IF EXISTS " + table(old), "RENAME TABLE " + table(target) + " TO " + table(old)
                + ", " + table(staging) + " TO " + table(target), "DROP TABLE IF EXISTS " + table(old));
    }

    @Override
    public String createTableLike(TableId copy, TableId source) {
        return "CREATE TABLE IF NOT EXISTS " + table(copy) + " LIKE " + table(source);
    }

    @Override
    public boolean qualifierIsCatalog() {
        return true;
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }
}
