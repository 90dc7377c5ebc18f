package org.pkuse.connect.jdbc.writer;

import java.util.ArrayList;
import java.util.List;

import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.TableId;

/**
 * The statement a row needs: table, operation, key and value columns. Consecutive rows of one shape go into one
 * JDBC batch.
 */
public record RowShape(TableId table, Operation operation, List<ColumnSpec> keys, List<ColumnSpec> values) {

    public List<String> keyNames() {
        return keys.stream().map(ColumnSpec::name).toList();
    }

    public List<String> valueNames() {
        return values.stream().map(ColumnSpec::name).toList();
    }

    public List<ColumnSpec> allColumns() {
        List<ColumnSpec> all = new ArrayList<>(keys);
        all.addAll(values);
        return all;
    }

    public String sql(DatabaseDialect dialect) {
        return switch (operation) {
            case INSERT -> dialect.insert(table, keyNames(), valueNames());
            case UPSERT -> dialect.upsert(table, keyNames(), valueNames());
            case UPDATE -> dialect.update(table, keyNames(), valueNames());
            case DELETE -> dialect.delete(table, keyNames());
        };
    }

    public RowShape withTable(TableId other) {
        return new RowShape(other, operation, keys, values);
    }
}
