package org.pkuse.connect.jdbc.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.pkuse.connect.jdbc.dialect.TableId;

/** An existing table's columns (looked up case-insensitively, as MySQL does) and primary key. */
public final class TableDefinition {

    private final TableId id;
    private final Map<String, ColumnInfo> columns = new LinkedHashMap<>();
    private final List<String> primaryKey;

    public TableDefinition(TableId id, List<ColumnInfo> columns, List<String> primaryKey) {
        this.id = id;
        for (ColumnInfo c : columns) {
            this.columns.put(c.name().toLowerCase(Locale.ROOT), c);
        }
        this.primaryKey = List.copyOf(primaryKey);
    }

    public TableId id() {
        return id;
    }

    public ColumnInfo column(String name) {
        return columns.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean has(String name) {
        return column(name) != null;
    }

    public Map<String, ColumnInfo> columns() {
        return Collections.unmodifiableMap(columns);
    }

    public List<String> primaryKey() {
        return primaryKey;
    }
}
