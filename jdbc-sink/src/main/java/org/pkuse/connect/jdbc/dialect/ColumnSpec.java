package org.pkuse.connect.jdbc.dialect;

import org.apache.kafka.connect.data.Schema;

/**
 * A column as the sink wants it: its name, the Connect schema of its values (null for schemaless values, which are
 * typed from the table), and whether it belongs to the primary key.
 */
public record ColumnSpec(String name, Schema schema, boolean key) {
}
