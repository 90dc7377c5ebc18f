package org.pkuse.connect.hbase.mapping;

import java.nio.charset.StandardCharsets;

import org.pkuse.connect.common.mapping.FieldMapping;

/**
 * A mapped field with its HBase column resolved; {@code family} and {@code qualifier} are null for the field that
 * holds the row key.
 */
public record ResolvedColumn(FieldMapping field, byte[] family, byte[] qualifier) {

    public boolean isRowKey() {
        return family == null;
    }

    public String columnName() {
        return isRowKey() ? "(row key)" : new String(family, StandardCharsets.UTF_8) + ":"
                + new String(qualifier, StandardCharsets.UTF_8);
    }
}
