package org.pkuse.connect.jdbc.writer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.jdbc.JdbcSinkConfig;
import org.pkuse.connect.jdbc.JdbcSinkConfig.InsertMode;
import org.pkuse.connect.jdbc.JdbcSinkConfig.PrimaryKeyMode;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.TableId;

/**
 * Turns a record into a {@link Row}: the table from {@code table.name.format}, key columns by {@code pk.mode}, value
 * columns from a Struct (typed by its schema) or a schemaless map (typed later from the table). {@link #map} caches
 * row shapes per schema and is called on the task thread only; {@link #tableFor} may be called from any thread.
 */
public final class RecordMapper {

    public static final String KAFKA_TOPIC = "__connect_topic";
    public static final String KAFKA_PARTITION = "__connect_partition";
    public static final String KAFKA_OFFSET = "__connect_offset";
    public static final String KEY_COLUMN = "__connect_key";

    private final String tableFormat;
    private final PrimaryKeyMode pkMode;
    private final List<String> pkFields;
    private final Set<String> whitelist;
    private final InsertMode insertMode;
    private final boolean deleteEnabled;
    private final Map<Schema, Map<Schema, RowShape>> shapes = new IdentityHashMap<>();

    public RecordMapper(JdbcSinkConfig config) {
        this(config.tableNameFormat(), config.pkMode(), config.pkFields(), config.fieldsWhitelist(),
                config.insertMode(), config.deleteEnabled());
    }

    public RecordMapper(String tableFormat, PrimaryKeyMode pkMode, List<String> pkFields, List<String> whitelist,
                        InsertMode insertMode, boolean deleteEnabled) {
        this.tableFormat = tableFormat;
        this.pkMode = pkMode;
        this.pkFields = pkFields;
        this.whitelist = new HashSet<>(whitelist);
        this.insertMode = insertMode;
        this.deleteEnabled = deleteEnabled;
        if (pkMode == PrimaryKeyMode.KAFKA && !pkFields.isEmpty() && pkFields.size() != 3) {
            throw new ConnectException("pk.mode=kafka needs three pk.fields (topic, partition, offset)");
        }
    }

    public TableId tableFor(String topic) {
        return TableId.parse(tableFormat.replace("${topic}", topic));
    }

    /** @return the row, or null for a tombstone that is not a delete */
    public Row map(SinkRecord record) {
        TableId table = tableFor(record.topic());
        if (record.value() == null) {
            if (!deleteEnabled) {
                return null;
            }
            if (record.key() == null) {
                throw new DataException("A tombstone without a key cannot be deleted (topic " + record.topic()
                        + ", partition " + record.kafkaPartition() + ", offset " + record.kafkaOffset() + ")");
            }
            KeyPart key = keyFromRecordKey(record);
            return new Row(new RowShape(table, Operation.DELETE, key.columns, List.of()), key.values, new Object[0],
                    record);
        }
        Operation op = switch (insertMode) {
            case INSERT -> Operation.INSERT;
            case UPSERT -> Operation.UPSERT;
            case UPDATE -> Operation.UPDATE;
        };
        Object value = record.value();
        if (value instanceof Struct struct) {
            return mapStruct(record, table, op, struct);
        }
        if (value instanceof Map<?, ?> map) {
            return mapSchemaless(record, table, op, map);
        }
        throw new DataException("Record value of topic " + record.topic() + " partition " + record.kafkaPartition()
                + " offset " + record.kafkaOffset() + " is a " + value.getClass().getSimpleName()
                + "; the sink needs a Struct (with a schema) or a map (schemaless JSON)");
    }

    private Row mapStruct(SinkRecord record, TableId table, Operation op, Struct struct) {
        Schema valueSchema = struct.schema();
        Schema keySchema = record.keySchema();
        KeyPart key = keyPart(record, struct);
        RowShape shape = shapes.computeIfAbsent(valueSchema, s -> new IdentityHashMap<>())
                .computeIfAbsent(keySchema == null ? Schema.OPTIONAL_STRING_SCHEMA : keySchema, k -> {
                    Set<String> keyNames = new HashSet<>();
                    key.columns.forEach(c -> keyNames.add(c.name()));
                    List<ColumnSpec> values = new ArrayList<>();
                    for (Field f : valueSchema.fields()) {
                        if (keyNames.contains(f.name())) {
                            continue;
                        }
                        if (!whitelist.isEmpty() && !whitelist.contains(f.name())) {
                            continue;
                        }
                        values.add(new ColumnSpec(f.name(), f.schema(), false));
                    }
                    return new RowShape(table, op, key.columns, values);
                });
        if (!shape.table().equals(table)) {
            shape = shape.withTable(table);
        }
        Object[] values = new Object[shape.values().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = struct.get(shape.values().get(i).name());
        }
        return new Row(checkOperation(shape), key.values, values, record);
    }

    private RowShape checkOperation(RowShape shape) {
        if (shape.operation() == Operation.UPDATE && shape.values().isEmpty()) {
            throw new DataException("insert.mode=update needs value columns besides the key");
        }
        return shape;
    }

    private Row mapSchemaless(SinkRecord record, TableId table, Operation op, Map<?, ?> map) {
        KeyPart key = keyPart(record, map);
        Set<String> keyNames = new HashSet<>();
        key.columns.forEach(c -> keyNames.add(c.name()));
        TreeMap<String, Object> fields = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (keyNames.contains(name) || (!whitelist.isEmpty() && !whitelist.contains(name))) {
                continue;
            }
            fields.put(name, e.getValue());
        }
        List<ColumnSpec> columns = new ArrayList<>();
        fields.keySet().forEach(n -> columns.add(new ColumnSpec(n, null, false)));
        return new Row(checkOperation(new RowShape(table, op, key.columns, columns)), key.values,
                fields.values().toArray(), record);
    }

    private record KeyPart(List<ColumnSpec> columns, Object[] values) {
    }

    private KeyPart keyPart(SinkRecord record, Object value) {
        switch (pkMode) {
            case NONE:
                if (insertMode != InsertMode.INSERT) {
                    throw new ConnectException("insert.mode=" + insertMode.name().toLowerCase() + " needs a primary "
                            + "key: set pk.mode");
                }
                return new KeyPart(List.of(), new Object[0]);
            case KAFKA: {
                List<String> names = pkFields.isEmpty() ? List.of(KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET)
                        : pkFields;
                return new KeyPart(List.of(new ColumnSpec(names.get(0), Schema.STRING_SCHEMA, true),
                        new ColumnSpec(names.get(1), Schema.INT32_SCHEMA, true),
                        new ColumnSpec(names.get(2), Schema.INT64_SCHEMA, true)),
                        new Object[] {record.topic(), record.kafkaPartition(), record.kafkaOffset()});
            }
            case RECORD_KEY:
                return keyFromRecordKey(record);
            case RECORD_VALUE:
            default:
                return keyFromValue(record, value);
        }
    }

    private KeyPart keyFromRecordKey(SinkRecord record) {
        Object key = record.key();
        if (key == null) {
            throw new DataException("pk.mode=record_key but the record at topic " + record.topic() + " partition "
                    + record.kafkaPartition() + " offset " + record.kafkaOffset() + " has no key");
        }
        if (key instanceof Struct struct) {
            List<String> names = pkFields.isEmpty()
                    ? struct.schema().fields().stream().map(Field::name).toList() : pkFields;
            List<ColumnSpec> cols = new ArrayList<>();
            Object[] values = new Object[names.size()];
            for (int i = 0; i < names.size(); i++) {
                Field f = struct.schema().field(names.get(i));
                if (f == null) {
                    throw new DataException("pk.fields names '" + names.get(i) + "', which the record key struct "
                            + "of topic " + record.topic() + " does not have");
                }
                cols.add(new ColumnSpec(f.name(), f.schema(), true));
                values[i] = struct.get(f);
            }
            return new KeyPart(cols, values);
        }
        if (key instanceof Map<?, ?> map) {
            List<String> names = pkFields.isEmpty() ? map.keySet().stream().map(String::valueOf).sorted().toList()
                    : pkFields;
            List<ColumnSpec> cols = new ArrayList<>();
            Object[] values = new Object[names.size()];
            for (int i = 0; i < names.size(); i++) {
                if (!map.containsKey(names.get(i))) {
                    throw new DataException("pk.fields names '" + names.get(i) + "', which the record key of topic "
                            + record.topic() + " does not have");
                }
                cols.add(new ColumnSpec(names.get(i), null, true));
                values[i] = map.get(names.get(i));
            }
            return new KeyPart(cols, values);
        }
        String name = pkFields.isEmpty() ? KEY_COLUMN : pkFields.get(0);
        Schema schema = record.keySchema();
        if (schema == null) {
            schema = inferSchema(key);
        }
        return new KeyPart(List.of(new ColumnSpec(name, schema, true)), new Object[] {key});
    }

    private static Schema inferSchema(Object v) {
        if (v instanceof Integer) {
            return Schema.INT32_SCHEMA;
        }
        if (v instanceof Long) {
            return Schema.INT64_SCHEMA;
        }
        if (v instanceof byte[]) {
            return Schema.BYTES_SCHEMA;
        }
        return Schema.STRING_SCHEMA;
    }

    private KeyPart keyFromValue(SinkRecord record, Object value) {
        if (value instanceof Struct struct) {
            List<String> names = pkFields.isEmpty()
                    ? struct.schema().fields().stream().map(Field::name).toList() : pkFields;
            List<ColumnSpec> cols = new ArrayList<>(names.size());
            Object[] values = new Object[names.size()];
            for (int i = 0; i < names.size(); i++) {
                Field f = struct.schema().field(names.get(i));
                if (f == null) {
                    throw new DataException("pk.fields names '" + names.get(i) + "', which the record value of "
                            + "topic " + record.topic() + " does not have (fields: " + struct.schema().fields()
                            .stream().map(Field::name).toList() + ")");
                }
                Object v = struct.get(f);
                if (v == null) {
                    throw new DataException("Primary key field '" + f.name() + "' is null in the record at topic "
                            + record.topic() + " partition " + record.kafkaPartition() + " offset "
                            + record.kafkaOffset());
                }
                cols.add(new ColumnSpec(f.name(), f.schema(), true));
                values[i] = v;
            }
            return new KeyPart(cols, values);
        }
        Map<?, ?> map = (Map<?, ?>) value;
        List<String> names = pkFields.isEmpty()
                ? new ArrayList<>(new LinkedHashSet<>(map.keySet().stream().map(String::valueOf).sorted().toList()))
                : pkFields;
        List<ColumnSpec> cols = new ArrayList<>();
        Object[] values = new Object[names.size()];
        for (int i = 0; i < names.size(); i++) {
            Object v = map.get(names.get(i));
            if (v == null) {
                throw new DataException("Primary key field '" + names.get(i) + "' is missing or null in the record "
                        + "at topic " + record.topic() + " partition " + record.kafkaPartition() + " offset "
                        + record.kafkaOffset());
            }
            cols.add(new ColumnSpec(names.get(i), null, true));
            values[i] = v;
        }
        return new KeyPart(cols, values);
    }
}
