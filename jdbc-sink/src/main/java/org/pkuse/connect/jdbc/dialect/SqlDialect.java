package org.pkuse.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/** The SQL that MySQL, MariaDB and PostgreSQL share; subclasses supply quoting, types and the upsert form. */
public abstract class SqlDialect implements DatabaseDialect {

    protected abstract char quoteChar();

    @Override
    public String quote(String identifier) {
        checkIdentifier("Identifier", identifier);
        String q = String.valueOf(quoteChar());
        return q + identifier.replace(q, q + q) + q;
    }

    protected String columns(List<String> names) {
        return names.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    protected static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    protected static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public String insert(TableId table, List<String> keyColumns, List<String> valueColumns) {
        List<String> all = concat(keyColumns, valueColumns);
        return "INSERT INTO " + table(table) + " (" + columns(all) + ") VALUES (" + placeholders(all.size()) + ")";
    }

    @Override
    public String update(TableId table, List<String> keyColumns, List<String> valueColumns) {
        return "UPDATE " + table(table) + " SET "
                + valueColumns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + keyColumns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    @Override
    public String delete(TableId table, List<String> keyColumns) {
        return "DELETE FROM " + table(table) + " WHERE "
                + keyColumns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    @Override
    public String createTable(TableId table, List<ColumnSpec> columns, TypeOptions options) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table(table)).append(" (");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnSpec c = columns.get(i);
            sql.append(i == 0 ? "\n  " : ",\n  ").append(quote(c.name())).append(' ').append(sqlType(c, options));
            boolean optional = !c.key() && (c.schema() == null || c.schema().isOptional());
            sql.append(optional ? " NULL" : " NOT NULL");
            if (c.key()) {
                keys.add(c.name());
            }
        }
        if (!keys.isEmpty()) {
            sql.append(",\n  PRIMARY KEY (").append(columns(keys)).append(')');
        }
        return sql.append("\n)").toString();
    }

    @Override
    public List<String> addColumns(TableId table, List<ColumnSpec> columns, TypeOptions options) {
        List<String> sql = new ArrayList<>();
        for (ColumnSpec c : columns) {
            sql.add("ALTER TABLE " + table(table) + " ADD COLUMN " + quote(c.name()) + " "
                    + sqlType(new ColumnSpec(c.name(), c.schema(), false), options) + " NULL");
        }
        return sql;
    }

    @Override
    public String dropTableIfExists(TableId table) {
        return "DROP TABLE IF EXISTS " + table(table);
    }

    /** Type names of one database, keyed by schema type. */
    protected abstract Map<Schema.Type, String> primitiveTypes();

    protected abstract String keyStringType(int length);

    protected abstract String textType();

    protected abstract String keyBytesType(int length);

    protected abstract String timestampType();

    protected String timeType() {
        return "TIME(3)";
    }

    protected int maxDecimalPrecision() {
        return 65;
    }

    @Override
    public String sqlType(ColumnSpec column, TypeOptions options) {
        Schema schema = column.schema();
        if (schema == null) {
            throw new IllegalArgumentException("column " + column.name() + " has no schema to derive a type from");
        }
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            int scale = Integer.parseInt(schema.parameters().getOrDefault(Decimal.SCALE_FIELD, "0"));
            String p = schema.parameters() == null ? null : schema.parameters().get("connect.decimal.precision");
            int precision = p == null ? options.decimalDefaultPrecision() : Integer.parseInt(p);
            precision = Math.min(maxDecimalPrecision(), Math.max(precision, scale));
            return "DECIMAL(" + precision + "," + scale + ")";
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return "DATE";
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return timeType();
        }
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return timestampType();
        }
        switch (schema.type()) {
            case STRING:
                return column.key() ? keyStringType(options.keyVarcharLength()) : textType();
            case BYTES:
                return column.key() ? keyBytesType(options.keyVarcharLength()) : blobType();
            case ARRAY:
            case MAP:
            case STRUCT:
                return textType();
            default:
                String t = primitiveTypes().get(schema.type());
                if (t == null) {
                    throw new IllegalArgumentException("no SQL type for " + schema.type());
                }
                return t;
        }
    }
}
