package org.pkuse.connect.jdbc.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.connect.data.Struct;
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.source.RowItem;
import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.common.source.SourceRow;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's rows from one streaming result set, in key order, inside the run's read-only transaction; the connection
 * is the run's alone until the stream is done or closed.
 */
final class ResultStream implements RowStream {

    private static final Logger log = LoggerFactory.getLogger(ResultStream.class);

    private final SourceTable table;
    private final Connection conn;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final Calendar dbZone;
    private final boolean includeValues;
    private boolean done;
    private boolean closed;

    ResultStream(SourceTable table, Connection conn, PreparedStatement statement, ResultSet rows,
                 ReadSettings settings) {
        this.table = table;
        this.conn = conn;
        this.statement = statement;
        this.rows = rows;
        this.dbZone = settings.calendar();
        this.includeValues = settings.includeValues();
    }

    @Override
    public List<RowItem> next(int max, long waitMs) {
        List<RowItem> out = new ArrayList<>(Math.min(max, 1024));
        if (done) {
            return out;
        }
        try {
            while (out.size() < max) {
                if (!rows.next()) {
                    done = true;
                    close();
                    break;
                }
                out.add(row());
            }
        } catch (SQLException | RuntimeException e) {
            done = true;
            out.add(new RowItem.Failure(e));
            close();
        }
        return out;
    }

    /** The current row as a record; a value its column type cannot hold makes the row a bad one. */
    private RowItem row() throws SQLException {
        List<SourceColumn> columns = table.columns();
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = columns.get(i).read(rows, i + 1, dbZone);
            } catch (SQLException e) {
                // isValid() cannot be asked mid-stream (the MySQL driver refuses any statement while a streaming
                // result is open): the error's own class tells a lost link from a value the type cannot hold
                if (SqlErrors.isTransient(e)) {
                    throw e;
                }
                String why = includeValues ? " (" + e.getMessage() + ")" : "";
                return new RowItem.Bad(new IllegalArgumentException("Column " + columns.get(i).name()
                        + ": the value cannot be read as " + columns.get(i).kind().name().toLowerCase(Locale.ROOT)
                        + why));
            }
        }
        Struct value;
        Struct key;
        MappedFields mapped = table.fields();
        if (mapped != null) {
            try {
                value = mapped.value(values);
            } catch (ConversionException e) {
                String why = includeValues && e.detail() != null ? " (" + e.detail() + ")" : "";
                return new RowItem.Bad(new IllegalArgumentException(e.getMessage() + why));
            }
            key = mapped.keySchema() != null ? mapped.key(value) : null;
        } else {
            value = new Struct(table.valueSchema());
            for (int i = 0; i < values.length; i++) {
                value.put(columns.get(i).name(), values[i]);
            }
            key = null;
        }
        List<String> position = new ArrayList<>(table.key().size());
        Struct tableKey = key == null ? new Struct(table.keySchema()) : null;
        for (int k : table.key()) {
            if (tableKey != null) {
                tableKey.put(columns.get(k).name(), values[k]);
            }
            // a timestamp at its full precision: a resumed read must not take the row it stopped after again
            position.add(columns.get(k).text(columns.get(k).readIncrement(rows, k + 1, dbZone, values[k])));
        }
        key = key != null ? key : tableKey;
        Object increment = table.increment() < 0 ? null
                : table.incrementColumn().readIncrement(rows, table.increment() + 1, dbZone, values[table.increment()]);
        if (table.tieBreak() >= 0) {
            increment = Arrays.asList(increment, values[table.tieBreak()]); // compared in this order
        }
        return new RowItem.Row(new SourceRow(KeyPosition.encode(position), key, value, increment));
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rows.close();
            statement.close();
            conn.rollback(); // read only: nothing to keep
        } catch (SQLException e) {
            log.debug("Closing a run's result set: {}", e.toString());
        } finally {
            try {
                conn.close();
            } catch (SQLException e) {
                log.debug("Returning a run's connection: {}", e.toString());
            }
        }
    }
}
