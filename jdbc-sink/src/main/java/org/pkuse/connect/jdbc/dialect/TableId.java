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

    /** The placeholder of {@code table.name.format} that stands for the record's topic. */
    public static final String TOPIC = "${topic}";

    /** Parses {@code table} or {@code qualifier.table} (the first dot separates). */
    public static TableId parse(String text) {
        String t = text.trim();
        int dot = t.indexOf('.');
        return dot < 0 ? new TableId(null, t) : new TableId(t.substring(0, dot), t.substring(dot + 1));
    }

    /**
     * The table of {@code table.name.format} for a record of {@code topic}. A dot written in the format separates
     * qualifier and table; the topic goes inside one identifier, dots and all: the HBase source names topics
     * {@code <prefix><namespace>_<table>} and HBase table names may hold dots.
     */
    public static TableId forTopic(String format, String topic) {
        TableId parts = parse(format);
        return new TableId(parts.qualifier == null ? null : parts.qualifier.replace(TOPIC, topic),
                parts.name.replace(TOPIC, topic));
    }

    public TableId withName(String newName) {
        return new TableId(qualifier, newName);
    }

    @Override
    public String toString() {
        return qualifier == null ? name : qualifier + "." + name;
    }
}
