package org.pkuse.connect.jdbc.source;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;

/**
 * A source table as its runs read it: the qualified name (with the database or schema the connection defaults to),
 * the columns typed from the driver's metadata, the key the rows are read in order of (the primary key, or the
 * configured key columns), the increment column, and the record schemas.
 *
 * @param id             the table, qualified
 * @param columns        every column, in the table's order
 * @param key            indexes into {@code columns} of the key, in key order
 * @param increment      index into {@code columns} of the increment column, or -1
 * @param tieBreak       index into {@code columns} of the column that orders rows of one increment value ("timestamp
 *                       then id"), or -1
 * @param valueSchema    the record value's schema: every column
 * @param keySchema      the record key's schema: the key columns (or the mapping's ispk fields)
 * @param fields         the platform's field mapping over the columns, or null: every column as it is
 * @param query          a custom SELECT read instead of a table (its rows as a derived table), or null
 */
public record SourceTable(TableId id, List<SourceColumn> columns, List<Integer> key, int increment, int tieBreak,
                          Schema valueSchema, Schema keySchema, MappedFields fields, String query) {

    /** The name a query's rows go by: in messages, and in the record schemas' names. */
    public static final TableId QUERY = new TableId(null, "query");

    /**
     * Reads the table's definition.
     *
     * @param keyColumns     the key columns to order by; empty: the primary key
     * @param incrementField the increment column, or empty
     * @throws IllegalArgumentException naming the table and what is missing (no table, no key, no such column)
     */
    public static SourceTable resolve(Connection conn, DatabaseDialect dialect, TableId table, List<String> keyColumns,
                                      String incrementField) throws SQLException {
        return resolve(conn, dialect, table, keyColumns, incrementField, true);
    }

    /**
     * Reads the table's definition; with {@code keyRequired} false, a table without a primary key (and no key
     * columns named) is read in no particular order.
     */
    public static SourceTable resolve(Connection conn, DatabaseDialect dialect, TableId table, List<String> keyColumns,
                                      String incrementField, boolean keyRequired) throws SQLException {
        TableId id = qualified(conn, dialect, table);
        List<SourceColumn> columns;
        try {
            columns = columns(conn, dialect, "SELECT * FROM " + dialect.table(id) + " WHERE 1 = 0");
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                throw new IllegalArgumentException("Table " + id + " does not exist (or the user cannot read it)");
            }
            throw e;
        }
        List<String> keyNames = keyColumns.isEmpty() ? primaryKey(conn, dialect, id) : keyColumns;
        return build(id, columns, keyNames, incrementField, keyRequired, null);
    }

    /**
     * A custom SELECT's rows as a source: their columns from the query's metadata, read in the order of
     * {@code keyColumns} (a query has no primary key; without key columns, in no order).
     *
     * @throws IllegalArgumentException when the database refuses the query (its message), or a column is missing
     */
    public static SourceTable resolveQuery(Connection conn, DatabaseDialect dialect, String query,
                                           List<String> keyColumns, String incrementField, boolean keyRequired)
            throws SQLException {
        List<SourceColumn> columns;
        try {
            columns = columns(conn, dialect, "SELECT * FROM (" + query + ") pkuse_query WHERE 1 = 0");
        } catch (SQLException e) {
            if (SqlErrors.isTransient(e)) {
                throw e;
            }
            throw new IllegalArgumentException("The query cannot be read: " + SqlErrors.brief(e));
        }
        if (keyColumns.isEmpty() && keyRequired) {
            throw new IllegalArgumentException("A query has no primary key: name the columns that identify a row in "
                    + "pkuse.jdbc.key.columns");
        }
        return build(QUERY, columns, keyColumns, incrementField, keyRequired, query);
    }

    private static List<SourceColumn> columns(Connection conn, DatabaseDialect dialect, String sql)
            throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(SourceColumn.of(md, i, dialect));
            }
        }
        return columns;
    }

    private static SourceTable build(TableId id, List<SourceColumn> columns, List<String> keyNames,
                                     String incrementField, boolean keyRequired, String query) {
        if (keyNames.isEmpty() && keyRequired) {
            throw new IllegalArgumentException("Table " + id + " has no primary key: name the columns that identify a "
                    + "row in pkuse.jdbc.key.columns");
        }
        List<Integer> key = new ArrayList<>();
        for (String k : keyNames) {
            key.add(indexOf(columns, k, id, "key column"));
        }
        List<String> incrementColumns = Arrays.stream(incrementField.split(",")).map(String::trim)
                .filter(c -> !c.isEmpty()).toList();
        if (incrementColumns.size() > 2) {
            throw new IllegalArgumentException("At most two increment columns (a timestamp, then an id that orders "
                    + "rows of one timestamp): " + String.join(",", incrementColumns));
        }
        int increment = incrementColumns.isEmpty() ? -1
                : indexOf(columns, incrementColumns.get(0), id, "increment column");
        int tieBreak = incrementColumns.size() < 2 ? -1
                : indexOf(columns, incrementColumns.get(1), id, "increment column");
        String name = "org.pkuse.connect.jdbc." + (id.qualifier() == null ? "" : id.qualifier() + "_") + id.name();
        name = name.replaceAll("[^A-Za-z0-9_.]", "_");
        SchemaBuilder value = SchemaBuilder.struct().name(name);
        columns.forEach(c -> value.field(c.name(), c.schema()));
        SchemaBuilder keySchema = SchemaBuilder.struct().name(name + ".Key");
        for (int k : key) {
            keySchema.field(columns.get(k).name(), columns.get(k).schema());
        }
        return new SourceTable(id, List.copyOf(columns), List.copyOf(key), increment, tieBreak, value.build(),
                keySchema.build(), null, query);
    }

    /** The table with the database (MySQL) or schema (PostgreSQL) the connection uses when the name has none. */
    public static TableId qualified(Connection conn, DatabaseDialect dialect, TableId table) throws SQLException {
        if (table.qualifier() != null) {
            return table;
        }
        String qualifier = dialect.qualifierIsCatalog() ? conn.getCatalog() : conn.getSchema();
        return qualifier == null ? table : new TableId(qualifier, table.name());
    }

    /** The primary key's columns in key order; empty when the table has none. */
    public static List<String> primaryKey(Connection conn, DatabaseDialect dialect, TableId id) throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        for (String name : List.of(id.name(), id.name().toLowerCase(Locale.ROOT))) {
            TreeMap<Integer, String> key = new TreeMap<>();
            String catalog = dialect.qualifierIsCatalog() ? id.qualifier() : null;
            String schema = dialect.qualifierIsCatalog() ? null : id.qualifier();
            try (ResultSet rs = md.getPrimaryKeys(catalog, schema, name)) {
                while (rs.next()) {
                    key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                }
            }
            if (!key.isEmpty()) {
                return new ArrayList<>(key.values());
            }
        }
        return List.of();
    }

    private static int indexOf(List<SourceColumn> columns, String name, TableId id, String what) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        throw new IllegalArgumentException((id == QUERY ? "The query" : "Table " + id) + " has no " + what + " '" + name.trim() + "'");
    }

    /**
     * This table with the platform's field mapping: the record's fields are the mapping's.
     *
     * @throws IllegalArgumentException naming the mapping entry that does not fit the table
     */
    public SourceTable withMapping(FieldMappings mappings, ZoneId zone) {
        if (mappings == null) {
            return this;
        }
        MappedFields mapped = MappedFields.of(mappings, columns, valueSchema.name(), zone);
        return new SourceTable(id, columns, key, increment, tieBreak, mapped.valueSchema(),
                mapped.keySchema() != null ? mapped.keySchema() : keySchema, mapped, query);
    }

    /** What a run's SQL reads FROM: the table, or the query as a derived table. */
    public String from(DatabaseDialect dialect) {
        return query == null ? dialect.table(id) : "(" + query + ") pkuse_query";
    }

    public SourceColumn incrementColumn() {
        return increment < 0 ? null : columns.get(increment);
    }

    /** The column ordering rows of one increment value, or null. */
    public SourceColumn tieBreakColumn() {
        return tieBreak < 0 ? null : columns.get(tieBreak);
    }

    /** {@code <database>_<table>} (or {@code <schema>_<table>}), the topic's name after its prefix. */
    public String topicName() {
        return (id.qualifier() == null ? "" : id.qualifier() + "_") + id.name();
    }
}
