package org.pkuse.connect.jdbc.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Set;

import org.apache.kafka.connect.errors.DataException;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.errors.BadRecordHandler;
import org.pkuse.connect.jdbc.schema.ColumnInfo;
import org.pkuse.connect.jdbc.schema.TableDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rows of one shape as JDBC batches inside the flush's transaction, and isolates the bad ones: a batch that
 * fails for a reason other than a transient one is rolled back to its savepoint and split until each bad row is
 * alone, then handed to the {@link BadRecordHandler}.
 */
final class RowStatements {

    private static final Logger log = LoggerFactory.getLogger(RowStatements.class);

    private final DatabaseDialect dialect;
    private final ValueBinder binder;

    RowStatements(DatabaseDialect dialect, ValueBinder binder) {
        this.dialect = dialect;
        this.binder = binder;
    }

    /**
     * Runs a group of same-shape rows as one JDBC batch under a savepoint; when it fails for a reason other than a
     * transient one, rolls back to the savepoint and splits it in halves until the bad rows are alone.
     */
    void executeIsolating(Connection conn, RowShape shape, TableDefinition table, List<Row> rows, Set<Row> failed,
                          BadRecordHandler bad) throws SQLException {
        Savepoint savepoint = conn.setSavepoint();
        try {
            execute(conn, shape, table, rows);
            releaseQuietly(conn, savepoint);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SQLException sql && dialect.isTransient(sql)) {
                throw sql;
            }
            conn.rollback(savepoint);
            if (rows.size() == 1) {
                Row row = rows.get(0);
                bad.handle(row.record(), shape.table().toString(), e);
                failed.add(row);
                return;
            }
            log.debug("Batch of {} row(s) into {} failed ({}); splitting it to find the bad row(s)", rows.size(),
                    shape.table(), SqlErrors.brief(e));
            int mid = rows.size() / 2;
            executeIsolating(conn, shape, table, rows.subList(0, mid), failed, bad);
            executeIsolating(conn, shape, table, rows.subList(mid, rows.size()), failed, bad);
        }
    }

    private void execute(Connection conn, RowShape shape, TableDefinition table, List<Row> rows) throws SQLException {
        String sql = shape.sql(dialect);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            List<ColumnSpec> keys = shape.keys();
            List<ColumnSpec> values = shape.values();
            for (Row row : rows) {
                int index = 1;
                if (shape.operation() == Operation.UPDATE) {
                    for (int c = 0; c < values.size(); c++) {
                        bind(ps, index++, values.get(c), table, row.values()[c]);
                    }
                    for (int c = 0; c < keys.size(); c++) {
                        bind(ps, index++, keys.get(c), table, row.keyValues()[c]);
                    }
                } else {
                    for (int c = 0; c < keys.size(); c++) {
                        bind(ps, index++, keys.get(c), table, row.keyValues()[c]);
                    }
                    for (int c = 0; c < values.size(); c++) {
                        bind(ps, index++, values.get(c), table, row.values()[c]);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A value its column cannot take is a row error naming field and column; the value stays out of it. */
    private void bind(PreparedStatement ps, int index, ColumnSpec spec, TableDefinition table, Object value)
            throws SQLException {
        ColumnInfo info = table == null ? null : table.column(spec.name());
        try {
            binder.bind(ps, index, spec, info, value);
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            String expected = spec.schema() != null ? "value of its schema type " + spec.schema().type()
                    : "value of type " + (info == null ? "unknown" : info.typeName());
            throw new DataException(ValueBinder.notA(spec, info, value, expected) + " (" + e.getClass().getName()
                    + ")");
        }
    }

    /** Some drivers cannot release savepoints; a lost connection, though, must fail the flush here. */
    private void releaseQuietly(Connection conn, Savepoint savepoint) throws SQLException {
        try {
            conn.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                throw e;
            }
            log.trace("Savepoint release failed: {}", e.toString());
        }
    }
}
