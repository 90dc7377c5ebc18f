package org.pkuse.connect.hbase.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ValueEncoding;

class RecordMutationsTest {

    private static final Schema VALUE = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
            .field("dept", Schema.STRING_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("salary", Schema.OPTIONAL_INT64_SCHEMA).build();

    private static RecordMutations mutations(List<String> keys, String mapping, NullMode nulls, boolean deletes) {
        CellDecoder decoder = new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss[.SSS]",
                ZoneId.of("UTC"));
        CellEncoder encoder = new CellEncoder(decoder, "yyyy-MM-dd HH:mm:ss[.SSS]");
        return new RecordMutations(SinkColumns.parse(mapping, "info"), keys, "_", encoder, encoder, nulls, deletes,
                false, Durability.SYNC_WAL);
    }

    private static SinkRecord record(Object value) {
        return new SinkRecord("t", 0, null, null, value instanceof Struct s ? s.schema() : null, value, 5L);
    }

    private static Map<String, String> cells(Mutation m) {
        Map<String, String> out = new HashMap<>();
        for (List<Cell> cells : m.getFamilyCellMap().values()) {
            for (Cell c : cells) {
                out.put(new String(CellUtil.cloneFamily(c), StandardCharsets.UTF_8) + ":"
                        + new String(CellUtil.cloneQualifier(c), StandardCharsets.UTF_8),
                        new String(CellUtil.cloneValue(c), StandardCharsets.UTF_8));
                assertThat(c.getTimestamp()).isEqualTo(1000L);
            }
        }
        return out;
    }

    @Test
    void keyFieldsJoinIntoTheRowKeyAndAreNotWrittenAsColumns() throws Exception {
        Struct v = new Struct(VALUE).put("id", 7).put("dept", "研发部").put("name", "王伟").put("salary", 3000L);
        List<Mutation> out = mutations(List.of("dept", "id"), "", NullMode.SKIP, false).of(record(v), 1000L);
        assertThat(out).hasSize(1).first().isInstanceOf(Put.class);
        assertThat(new String(out.get(0).getRow(), StandardCharsets.UTF_8)).isEqualTo("研发部_7");
        assertThat(cells(out.get(0))).containsOnly(Map.entry("info:name", "王伟"), Map.entry("info:salary", "3000"));
    }

    @Test
    void theMappingPlacesAndFiltersFieldsAndNullsFollowTheNullMode() throws Exception {
        String mapping = "[{\"sourceFiled\":\"name\",\"targetFiled\":\"p:full_name\"},"
                + "{\"sourceFiled\":\"salary\",\"targetFiled\":\"pay\",\"fieldType\":\"string\"}]";
        Struct v = new Struct(VALUE).put("id", 7).put("dept", "x").put("name", null).put("salary", 5L);
        assertThat(cells(mutations(List.of("id"), mapping, NullMode.SKIP, false).of(record(v), 1000L).get(0)))
                .containsOnly(Map.entry("info:pay", "5"));
        assertThat(cells(mutations(List.of("id"), mapping, NullMode.EMPTY, false).of(record(v), 1000L).get(0)))
                .containsOnly(Map.entry("info:pay", "5"), Map.entry("p:full_name", ""));
        List<Mutation> deleting = mutations(List.of("id"), mapping, NullMode.DELETE, false).of(record(v), 1000L);
        assertThat(deleting).hasSize(2);
        assertThat(deleting.get(1)).isInstanceOf(Delete.class);
        assertThat(deleting.get(1).getFamilyCellMap().keySet()).extracting(f -> new String(f, StandardCharsets.UTF_8))
                .containsExactly("p");
    }

    /** A TIME column's value (Connect's Time, a Date) is written as the database's text of it, not refused. */
    @Test
    void aTimeOfDayIsWrittenAsItsText() throws Exception {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
                .field("tm", org.apache.kafka.connect.data.Time.builder().optional().build()).build();
        Struct v = new Struct(schema).put("id", 1).put("tm", new java.util.Date(37_218_000L)); // 10:20:18
        assertThat(cells(mutations(List.of("id"), "", NullMode.SKIP, false).of(record(v), 1000L).get(0)))
                .containsOnly(Map.entry("info:tm", "10:20:18"));
        v.put("tm", new java.util.Date(37_218_125L));
        assertThat(cells(mutations(List.of("id"), "", NullMode.SKIP, false).of(record(v), 1000L).get(0)))
                .containsOnly(Map.entry("info:tm", "10:20:18.125"));
        String mapping = "[{\"sourceFiled\":\"tm\",\"targetFiled\":\"at\",\"fieldType\":\"string\"}]";
        assertThat(cells(mutations(List.of("id"), mapping, NullMode.SKIP, false).of(record(v), 1000L).get(0)))
                .containsOnly(Map.entry("info:at", "10:20:18.125"));
    }

    @Test
    void schemalessMapsAndTombstones() throws Exception {
        Map<String, Object> v = new HashMap<>(Map.of("id", 9L, "name", "李娜"));
        assertThat(cells(mutations(List.of("id"), "", NullMode.SKIP, false).of(record(v), 1000L).get(0)))
                .containsOnly(Map.entry("info:name", "李娜"));
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.INT64_SCHEMA, 9L, null, null, 6L);
        assertThat(mutations(List.of("id"), "", NullMode.SKIP, false).of(tombstone, 1000L)).isEmpty();
        List<Mutation> delete = mutations(List.of("id"), "", NullMode.SKIP, true).of(tombstone, 1000L);
        assertThat(delete).hasSize(1).first().isInstanceOf(Delete.class);
        assertThat(new String(delete.get(0).getRow(), StandardCharsets.UTF_8)).isEqualTo("9");
    }

    @Test
    void aNullKeyFieldOrABadValueIsARecordErrorNamingTheField() {
        Struct v = new Struct(VALUE).put("id", 7).put("dept", "x").put("name", "personal-name");
        assertThatThrownBy(() -> mutations(List.of("nope"), "", NullMode.SKIP, false).of(record(v), 1000L))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("'nope'").hasMessageContaining("missing");
        String mapping = "[{\"sourceFiled\":\"name\",\"fieldType\":\"int\"}]";
        assertThatThrownBy(() -> mutations(List.of("id"), mapping, NullMode.SKIP, false).of(record(v), 1000L))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("'name'")
                .hasMessageNotContaining("personal-name");
    }
}
