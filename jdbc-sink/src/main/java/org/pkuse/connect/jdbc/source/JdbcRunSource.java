package org.pkuse.connect.jdbc.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.source.RunReading;
import org.pkuse.connect.common.source.RunSource;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DatabaseDialects;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.TableId;

/** A database table as a job's runs read it: each run a {@link TableRead} on a connection of the task's pool. */
public final class JdbcRunSource implements RunSource {

    private final HikariDataSource pool;
    private final DatabaseDialect dialect;
    private final SourceTable table;
    private final ReadSettings settings;
    private final boolean ownsPool;

    private JdbcRunSource(HikariDataSource pool, DatabaseDialect dialect, SourceTable table, ReadSettings settings,
                          boolean ownsPool) {
        this.pool = pool;
        this.dialect = dialect;
        this.table = table;
        this.settings = settings;
        this.ownsPool = ownsPool;
    }

    /** A source over a table already resolved, on a pool that the caller keeps (and closes). */
    public static JdbcRunSource on(HikariDataSource pool, DatabaseDialect dialect, SourceTable table,
                                   ReadSettings settings) {
        return new JdbcRunSource(pool, dialect, table, settings, false);
    }

    /**
     * Resolves the dialect and the table's definition over {@code pool}, which this source closes.
     *
     * @param keyColumns     the columns to read in order of; empty: the primary key
     * @param incrementField the increment column; empty for a full sync
     */
    public static JdbcRunSource open(HikariDataSource pool, String dialectName, String url, TableId table,
                                     List<String> keyColumns, String incrementField, ReadSettings settings)
            throws SQLException {
        return open(pool, dialectName, url, table, keyColumns, incrementField, null, settings);
    }

    /** As {@link #open}, with the platform's field mapping (null: every column as it is). */
    public static JdbcRunSource open(HikariDataSource pool, String dialectName, String url, TableId table,
                                     List<String> keyColumns, String incrementField, FieldMappings mappings,
                                     ReadSettings settings) throws SQLException {
        return open(pool, dialectName, url, table, null, keyColumns, incrementField, mappings, settings);
    }

    /** As {@link #open}, reading a custom SELECT's rows when {@code query} is not null (instead of the table). */
    public static JdbcRunSource open(HikariDataSource pool, String dialectName, String url, TableId table,
                                     String query, List<String> keyColumns, String incrementField,
                                     FieldMappings mappings, ReadSettings settings) throws SQLException {
        try (Connection conn = pool.getConnection()) {
            DatabaseDialect dialect = DatabaseDialects.resolve(dialectName, url, ServerInfo.of(conn.getMetaData()));
            SourceTable source = query != null
                    ? SourceTable.resolveQuery(conn, dialect, query, keyColumns, incrementField, true)
                    : SourceTable.resolve(conn, dialect, table, keyColumns, incrementField);
            return new JdbcRunSource(pool, dialect, source.withMapping(mappings, settings.dbZone()), settings, true);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public SourceTable table() {
        return table;
    }

    @Override
    public RunReading plan(String from, long upTo, String bound, byte[] after) {
        return new TableRead(pool, dialect, table, settings, from, bound, after);
    }

    @Override
    public void close() {
        if (ownsPool) {
            pool.close();
        }
    }
}
