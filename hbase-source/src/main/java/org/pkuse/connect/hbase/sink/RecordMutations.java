package org.pkuse.connect.hbase.sink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldType;

/**
 * A record as HBase mutations at a given timestamp: a {@link Put} of its fields' cells under the row key its key
 * fields make (joined by the delimiter), a {@link Delete} of null fields' cells in {@link NullMode#DELETE}, and for
 * a tombstone (when deletes are on) a {@link Delete} of the whole row. Struct values and schemaless maps alike.
 */
public final class RecordMutations {

    private final SinkColumns columns;
    private final List<String> keyFields;
    private final byte[] delimiter;
    private final CellEncoder values;
    private final CellEncoder rowKeys;
    private final NullMode nullMode;
    private final boolean deleteEnabled;
    private final boolean writeKeyFields;
    private final Durability durability;

    public RecordMutations(SinkColumns columns, List<String> keyFields, String delimiter, CellEncoder values,
                           CellEncoder rowKeys, NullMode nullMode, boolean deleteEnabled, boolean writeKeyFields,
                           Durability durability) {
        this.columns = columns;
        this.keyFields = List.copyOf(keyFields);
        this.delimiter = delimiter.getBytes(StandardCharsets.UTF_8);
        this.values = values;
        this.rowKeys = rowKeys;
        this.nullMode = nullMode;
        this.deleteEnabled = deleteEnabled;
        this.writeKeyFields = writeKeyFields;
        this.durability = durability;
    }

    /** The record's mutations at {@code ts}; empty for a tombstone while deletes are off. */
    public List<Mutation> of(SinkRecord record, long ts) throws BadRecordException {
        if (record.value() == null) {
            if (!deleteEnabled) {
                return List.of();
            }
            Delete delete = new Delete(rowKey(record.key(), record.keySchema(), "key"), ts);
            delete.setDurability(durability);
            return List.of(delete);
        }
        Map<String, FieldValue> fields = fields(record.value(), record.valueSchema());
        byte[] row = rowKey(fields, "value");
        Put put = new Put(row, ts);
        put.setDurability(durability);
        Delete nulls = null;
        for (Map.Entry<String, FieldValue> e : fields.entrySet()) {
            String name = e.getKey();
            if (!writeKeyFields && keyFields.contains(name)) {
                continue;
            }
            SinkColumns.Column column = columns.columnOf(name);
            if (column == null) {
                continue;
            }
            Object value = e.getValue().value();
            if (value == null) {
                if (nullMode == NullMode.EMPTY) {
                    put.addColumn(column.family(), column.qualifier(), ts, new byte[0]);
                } else if (nullMode == NullMode.DELETE) {
                    nulls = nulls != null ? nulls : new Delete(row, ts);
                    nulls.addColumns(column.family(), column.qualifier(), ts);
                }
                continue;
            }
            FieldType type = typeOf(column, e.getValue());
            try {
                put.addColumn(column.family(), column.qualifier(), ts, values.encode(value, type));
            } catch (ConversionException ex) {
                throw new BadRecordException("field '" + name + "' (column " + column.name() + "): "
                        + ex.getMessage());
            }
        }
        List<Mutation> out = new ArrayList<>(2);
        if (!put.isEmpty()) {
            out.add(put);
        }
        if (nulls != null) {
            nulls.setDurability(durability);
            out.add(nulls);
        }
        return out;
    }

    /** The row key from the key fields of {@code data} (a record's value, or its key for a tombstone). */
    byte[] rowKey(Object data, Schema schema, String where) throws BadRecordException {
        return rowKey(data instanceof Struct || data instanceof Map<?, ?> ? fields(data, schema)
                : keyFields.size() == 1 ? Map.of(keyFields.get(0), new FieldValue(data, schema)) : Map.of(), where);
    }

    private byte[] rowKey(Map<String, FieldValue> fields, String where) throws BadRecordException {
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        for (int i = 0; i < keyFields.size(); i++) {
            String name = keyFields.get(i);
            FieldValue f = fields.get(name);
            if (f == null || f.value() == null) {
                throw new BadRecordException("row-key field '" + name + "' is " + (f == null ? "missing from" : "null in")
                        + " the record's " + where);
            }
            if (i > 0) {
                key.writeBytes(delimiter);
            }
            SinkColumns.Column column = columns.columnOf(name);
            FieldType type = typeOf(column != null ? column : new SinkColumns.Column(name, null, null, null), f);
            try {
                key.writeBytes(keyFields.size() == 1 ? rowKeys.encode(f.value(), type)
                        : rowKeys.text(f.value(), type).getBytes(StandardCharsets.UTF_8));
            } catch (ConversionException ex) {
                throw new BadRecordException("row-key field '" + name + "': " + ex.getMessage());
            }
        }
        if (key.size() == 0) {
            throw new BadRecordException("the row key is empty");
        }
        return key.toByteArray();
    }

    private static FieldType typeOf(SinkColumns.Column column, FieldValue f) throws BadRecordException {
        FieldType type = column.type() != null ? column.type()
                : f.schema() != null ? CellEncoder.typeOf(f.schema()) : CellEncoder.typeOf(f.value());
        if (type == null) {
            throw new BadRecordException("field '" + column.field() + "' is a nested value ("
                    + (f.schema() != null ? f.schema().type() : f.value().getClass().getSimpleName())
                    + "); give it a fieldType in the mapping or leave it out of the mapping");
        }
        return type;
    }

    /** A field's value and its schema (null for schemaless data). */
    private record FieldValue(Object value, Schema schema) {
    }

    private static Map<String, FieldValue> fields(Object data, Schema schema) throws BadRecordException {
        Map<String, FieldValue> out = new LinkedHashMap<>();
        if (data instanceof Struct struct) {
            for (Field f : struct.schema().fields()) {
                Object value = struct.get(f);
                if (value instanceof java.util.Date d
                        && org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(f.schema().name())) {
                    // a time of day has no field type of its own: its text, as a database writes a TIME
                    out.put(f.name(), new FieldValue(CellEncoder.timeOfDay(d), Schema.OPTIONAL_STRING_SCHEMA));
                } else {
                    out.put(f.name(), new FieldValue(value, f.schema()));
                }
            }
        } else if (data instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), new FieldValue(e.getValue(), null));
            }
        } else {
            throw new BadRecordException("the record's value is a " + (schema != null ? schema.type()
                    : data.getClass().getSimpleName()) + "; expected a struct or a map of fields");
        }
        return out;
    }
}
