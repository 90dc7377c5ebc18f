package org.pkuse.connect.jdbc.schema;

/** A column of an existing table, as the driver's metadata describes it. */
public record ColumnInfo(String name, int jdbcType, String typeName, boolean nullable) {
}
