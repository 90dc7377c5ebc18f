package org.pkuse.connect.jdbc.writer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * the row shapes of the last {@link #SHAPE_CACHE_SIZE} schemas and is called on the task thread only;
 * {@link #tableFor} may be called from any thread.
 *
 * <p>Column names are matched without regard to case, as MySQL and MariaDB do and as the sink looks columns up on
 * every database (PostgreSQL included): two fields whose names differ only in case would be one column, so such a
 * record is a row error naming both.
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
    /** Row shapes by value schema (identity: converters reuse one instance per schema) and key columns. */
    private final Map<ShapeKey, RowShape> shapes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ShapeKey, RowShape> eldest) {
            return size() > SHAPE_CACHE_SIZE; // a converter that makes a new schema per record must not fill memory
        }
    };

    /** Schemas whose row shape is kept: far more than the live schemas of a topic, few enough to stay small. */
    static final int SHAPE_CACHE_SIZE = 256;

    private record ShapeKey(Schema valueSchema, List<ColumnSpec> keys) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey k && k.valueSchema == valueSchema && k.keys.equals(keys);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(valueSchema) + keys.hashCode();
        }
    }

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
        return TableId.forTopic(tableFormat, topic);
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
            return new Row(distinctColumns(new RowShape(table, Operation.DELETE, key.columns, List.of()), record),
                    key.values, new Object[0], record);
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
        KeyPart key = keyPart(record, struct);
        ShapeKey cacheKey = new ShapeKey(valueSchema, key.columns);
        RowShape shape = shapes.get(cacheKey);
        if (shape == null) {
            Set<String> keyNames = new HashSet<>();
            key.columns.forEach(c -> keyNames.add(c.name()));
            List<ColumnSpec> values = new ArrayList<>();
            for (Field f : valueSchema.fields()) {
                if (keyNames.contains(f.name()) || (!whitelist.isEmpty() && !whitelist.contains(f.name()))) {
                    continue;
                }
                values.add(new ColumnSpec(f.name(), f.schema(), false));
            }
            shape = distinctColumns(new RowShape(table, op, key.columns, values), record);
            shapes.put(cacheKey, shape); // only shapes that passed the checks are kept
        }
        if (!shape.table().equals(table)) {
            shape = shape.withTable(table);
        }
        Object[] values = new Object[shape.values().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = struct.get(shape.values().get(i).name());
        }
        return new Row(checkOperation(shape), key.values, values, record);
    }

    /** How many schemas' row shapes are cached. */
    int cachedShapes() {
        return shapes.size();
    }

    /** Fails a record two of whose fields would be one column (names equal but for case). */
    private static RowShape distinctColumns(RowShape shape, SinkRecord record) {
        Map<String, String> byColumn = new HashMap<>();
        for (ColumnSpec c : shape.allColumns()) {
            String other = byColumn.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c.name());
            if (other != null) {
                throw new DataException("Field '" + other + "' and field '" + c.name() + "' of the record at topic "
                        + record.topic() + " partition " + record.kafkaPartition() + " offset " + record.kafkaOffset()
                        + " map to the same column: column names are case-insensitive on MySQL and MariaDB, and "
                        + "the sink matches them without regard to case on PostgreSQL too. Rename one of them "
                        + "(e.g. with the ReplaceField transform) or drop it (fields.whitelist)");
            }
        }
        return shape;
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
        RowShape shape = distinctColumns(new RowShape(table, op, key.columns, columns), record);
        return new Row(checkOperation(shape), key.values, fields.values().toArray(), record);
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
