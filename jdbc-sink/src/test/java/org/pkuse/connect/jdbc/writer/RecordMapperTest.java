package org.pkuse.connect.jdbc.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.jdbc.JdbcSinkConfig.InsertMode;
import org.pkuse.connect.jdbc.JdbcSinkConfig.PrimaryKeyMode;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.TableId;

class RecordMapperTest {

    private static final Schema VALUE = SchemaBuilder.struct().name("emp")
            .field("id", Schema.INT32_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("salary", Schema.OPTIONAL_INT64_SCHEMA).build();

    private static SinkRecord record(Object key, Schema keySchema, Object value) {
        return new SinkRecord("default_emp", 2, keySchema, key, value == null ? null : VALUE, value, 41);
    }

    private static Struct emp(int id) {
        return new Struct(VALUE).put("id", id).put("name", "n" + id).put("salary", 10L * id);
    }

    private static List<String> names(List<ColumnSpec> cols) {
        return cols.stream().map(ColumnSpec::name).toList();
    }

    @Test
    void recordValueKey() {
        RecordMapper m = new RecordMapper("test03.emp_${topic}", PrimaryKeyMode.RECORD_VALUE, List.of("id"), List.of(),
                InsertMode.UPSERT, false);
        Row row = m.map(record(null, null, emp(7)));
        assertThat(row.shape().table()).isEqualTo(new TableId("test03", "emp_default_emp"));
        assertThat(row.shape().operation()).isEqualTo(Operation.UPSERT);
        assertThat(names(row.shape().keys())).containsExactly("id");
        assertThat(names(row.shape().values())).containsExactly("name", "salary");
        assertThat(row.keyValues()).containsExactly(7);
        assertThat(row.values()).containsExactly("n7", 70L);
    }

    @Test
    void kafkaCoordinatesKey() {
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.KAFKA, List.of(), List.of(), InsertMode.INSERT,
                false);
        Row row = m.map(record(null, null, emp(1)));
        assertThat(names(row.shape().keys())).containsExactly("__connect_topic", "__connect_partition",
                "__connect_offset");
        assertThat(row.keyValues()).containsExactly("default_emp", 2, 41L);
        assertThat(names(row.shape().values())).containsExactly("id", "name", "salary");
    }

    @Test
    void primitiveRecordKeyAndTombstoneDelete() {
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_KEY, List.of("id"), List.of(),
                InsertMode.UPSERT, true);
        Row row = m.map(record(7, Schema.INT32_SCHEMA, emp(7)));
        assertThat(names(row.shape().keys())).containsExactly("id");
        assertThat(names(row.shape().values())).containsExactly("name", "salary");
        Row delete = m.map(record(7, Schema.INT32_SCHEMA, null));
        assertThat(delete.shape().operation()).isEqualTo(Operation.DELETE);
        assertThat(delete.keyValues()).containsExactly(7);
    }

    @Test
    void tombstoneIsSkippedWhenDeletesAreOff() {
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_KEY, List.of("id"), List.of(),
                InsertMode.UPSERT, false);
        assertThat(m.map(record(7, Schema.INT32_SCHEMA, null))).isNull();
    }

    @Test
    void noKeyWritesAllFieldsAndWhitelistFilters() {
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.NONE, List.of(), List.of("name"),
                InsertMode.INSERT, false);
        Row row = m.map(record(null, null, emp(3)));
        assertThat(row.shape().keys()).isEmpty();
        assertThat(names(row.shape().values())).containsExactly("name");
    }

    @Test
    void schemalessMapIsTypedLater() {
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_VALUE, List.of("id"), List.of(),
                InsertMode.UPSERT, false);
        SinkRecord r = new SinkRecord("t", 0, null, null, null, Map.of("id", 5, "name", "x", "salary", 9), 0);
        Row row = m.map(r);
        assertThat(names(row.shape().keys())).containsExactly("id");
        assertThat(names(row.shape().values())).containsExactly("name", "salary");
        assertThat(row.shape().values().get(0).schema()).isNull();
    }

    @Test
    void missingKeyFieldNamesTheField() {
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_VALUE, List.of("code"), List.of(),
                InsertMode.UPSERT, false);
        assertThatThrownBy(() -> m.map(record(null, null, emp(1)))).isInstanceOf(DataException.class)
                .hasMessageContaining("'code'");
    }

    @Test
    void fieldsThatDifferOnlyInCaseAreARowErrorNamingBoth() {
        Schema twice = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
                .field("Name", Schema.OPTIONAL_STRING_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_VALUE, List.of("id"), List.of(),
                InsertMode.UPSERT, false);
        SinkRecord struct = new SinkRecord("t", 1, null, null, twice,
                new Struct(twice).put("id", 1).put("Name", "secret-a").put("name", "secret-b"), 9);
        assertThatThrownBy(() -> m.map(struct)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("Field 'Name' and field 'name' of the record at topic t partition 1 offset 9 "
                        + "map to the same column")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> m.map(struct)).as("a rejected shape is not cached").isInstanceOf(DataException.class);

        SinkRecord schemaless = new SinkRecord("t", 0, null, null, null, Map.of("id", 1, "name", "a", "Name", "b"), 3);
        assertThatThrownBy(() -> m.map(schemaless)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("Field 'Name' and field 'name'");

        Schema keySchema = SchemaBuilder.struct().field("ID", Schema.INT32_SCHEMA).build();
        RecordMapper byKey = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_KEY, List.of(), List.of(),
                InsertMode.UPSERT, false);
        assertThatThrownBy(() -> byKey.map(record(new Struct(keySchema).put("ID", 1), keySchema, emp(1))))
                .isInstanceOf(DataException.class).hasMessageStartingWith("Field 'ID' and field 'id'");
    }

    @Test
    void theShapeCacheIsBounded() {
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_VALUE, List.of("id"), List.of(),
                InsertMode.UPSERT, false);
        for (int i = 0; i < RecordMapper.SHAPE_CACHE_SIZE * 4; i++) {
            // a converter or transform that builds a new schema instance per record
            Schema schema = SchemaBuilder.struct().name("emp").field("id", Schema.INT32_SCHEMA)
                    .field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
            Row row = m.map(new SinkRecord("t", 0, null, null, schema, new Struct(schema).put("id", i), i));
            assertThat(names(row.shape().values())).containsExactly("name");
        }
        assertThat(m.cachedShapes()).isEqualTo(RecordMapper.SHAPE_CACHE_SIZE);
        m.map(record(null, null, emp(1)));
        m.map(record(null, null, emp(2)));
        assertThat(m.cachedShapes()).isEqualTo(RecordMapper.SHAPE_CACHE_SIZE);
    }

    @Test
    void schemalessRecordKeysOfOneValueSchemaKeepTheirOwnColumns() {
        RecordMapper m = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_KEY, List.of(), List.of(),
                InsertMode.UPSERT, false);
        Row first = m.map(record(Map.of("code", 1), null, emp(1)));
        Row second = m.map(record(Map.of("region", "eu"), null, emp(2)));
        assertThat(names(first.shape().keys())).containsExactly("code");
        assertThat(names(second.shape().keys())).as("not the first record's cached key").containsExactly("region");
        assertThat(second.keyValues()).containsExactly("eu");
    }
}
