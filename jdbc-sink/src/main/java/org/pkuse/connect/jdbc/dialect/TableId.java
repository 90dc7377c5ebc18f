package org.pkuse.connect.jdbc.dialect;

import java.util.Objects;

/**
 * A table name, optionally qualified: the database on MySQL/MariaDB, the schema on PostgreSQL. Names are kept as
 * written and always quoted in SQL.
 */
public record TableId(String qualifier, String name) {

    public TableId {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("table name must not be blank");
        }
        if (qualifier != null && qualifier.isBlank()) {
            qualifier = null;
        }
    }

    /** Parses {@code table} or {@code qualifier.table} (the first dot separates). */
    public static TableId parse(String text) {
        String t = text.trim();
        int dot = t.indexOf('.');
        return dot < 0 ? new TableId(null, t) : new TableId(t.substring(0, dot), t.substring(dot + 1));
    }

    public TableId withName(String newName) {
        return new TableId(qualifier, newName);
    }

    @Override
    public String toString() {
        return qualifier == null ? name : qualifier + "." + name;
    }
}
