package org.pkuse.connect.hbase.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.client.Result;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.common.mapping.FieldMapping;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.source.SourceRow;

class RowMapperTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ResolvedColumn> columns(FieldMappings m, String rowKeyField) {
        List<ResolvedColumn> out = new ArrayList<>();
        for (FieldMapping f : m.fields()) {
            out.add(f.target().equals(rowKeyField) ? new ResolvedColumn(f, null, null)
                    : new ResolvedColumn(f, b(f.family() == null ? "d" : f.family()), b(f.qualifier())));
        }
        return out;
    }

    private static Result row(String key, String... qualifierValues) {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < qualifierValues.length; i += 2) {
            cells.add(new KeyValue(b(key), b("d"), b(qualifierValues[i]), 1L, b(qualifierValues[i + 1])));
        }
        cells.sort(org.apache.hadoop.hbase.CellComparator.getInstance());
        return Result.create(cells);
    }

    private static final String MAPPING = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\","
            + "\"ispk\":\"1\"},{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"string\","
            + "\"maprule\":\"trim|upper\"},{\"sourceFiled\":\"salary\",\"targetFiled\":\"salary\",\"fieldType\":"
            + "\"bigint\",\"limitcondition\":\">= 100\"},{\"sourceFiled\":\"seq\",\"targetFiled\":\"seq\","
            + "\"fieldType\":\"bigint\"}]";

    private final FieldMappings mappings = FieldMappings.parse(MAPPING, FieldMappingsTest.TEXT, HBaseColumns.INSTANCE);

    @Test
    void mapsTypedValuesKeyAndRules() throws Exception {
        RowMapper mapper = new RowMapper(columns(mappings, "id"), FieldMappingsTest.TEXT, FieldMappingsTest.TEXT,
                "t", -1, null, false);
        SourceRow r = mapper.map(row("42", "name", " wang ", "salary", "300"));
        assertThat(r.value().get("id")).isEqualTo(42);
        assertThat(r.value().get("name")).isEqualTo("WANG");
        assertThat(r.value().get("salary")).isEqualTo(300L);
        assertThat(r.value().get("seq")).isNull();
        assertThat(((Struct) r.key()).get("id")).isEqualTo(42);
        assertThat(r.position()).isEqualTo(b("42"));
        assertThat(mapper.hasClientSideFilter()).isTrue();
    }

    @Test
    void conditionAndIncrementBoundLeaveRowsOut() throws Exception {
        RowMapper mapper = new RowMapper(columns(mappings, "id"), FieldMappingsTest.TEXT, FieldMappingsTest.TEXT,
                "t", 3, 10L, false);
        assertThat(mapper.map(row("1", "salary", "99", "seq", "20"))).isNull();
        assertThat(mapper.map(row("1", "salary", "100", "seq", "10"))).isNull();
        assertThat(mapper.map(row("1", "salary", "100"))).isNull();
        SourceRow r = mapper.map(row("1", "salary", "100", "seq", "11"));
        assertThat(r.incrementValue()).isEqualTo(11L);
    }

    @Test
    void conversionErrorNamesColumnFieldTypeAndReasonButNeitherRowKeyNorValueByDefault() {
        RowMapper mapper = new RowMapper(columns(mappings, "id"), FieldMappingsTest.TEXT, FieldMappingsTest.TEXT,
                "t", -1, null, false);
        assertThatThrownBy(() -> mapper.map(row("4711", "salary", "12k")))
                .isInstanceOf(RowConversionException.class)
                .hasMessage("Column d:salary (field salary, fieldType bigint), value hidden: cannot be read as "
                        + "bigint: not a whole number within the range of bigint");
        assertThat(mapper.shownRowKey(b("4711"))).isNull();
    }

    @Test
    void conversionErrorWithIncludeValuesNamesRowKeyAndValueToo() {
        RowMapper mapper = new RowMapper(columns(mappings, "id"), FieldMappingsTest.TEXT, FieldMappingsTest.TEXT,
                "t", -1, null, true);
        assertThatThrownBy(() -> mapper.map(row("4711", "salary", "12k")))
                .isInstanceOf(RowConversionException.class)
                .hasMessageStartingWith("Row key '4711', column d:salary (field salary, fieldType bigint), value "
                        + "'12k': cannot be read as bigint: not a whole number within the range of bigint (")
                .hasMessageContaining("12k\"");
        assertThat(mapper.shownRowKey(b("4711"))).isEqualTo("4711");
    }

    @Test
    void maskedFieldsStayHiddenEvenWithIncludeValues() {
        // The row key is a masked field; a masked string column holds bytes that are not UTF-8.
        String mapping = "[{\"sourceFiled\":\"key\",\"targetFiled\":\"key\",\"fieldType\":\"string\","
                + "\"maprule\":\"mask\"},{\"sourceFiled\":\"ssn\",\"targetFiled\":\"ssn\",\"fieldType\":"
                + "\"string\",\"maprule\":\"trim|mask(0,2)\"},{\"sourceFiled\":\"age\",\"targetFiled\":\"age\","
                + "\"fieldType\":\"int\"}]";
        RowMapper mapper = new RowMapper(columns(FieldMappings.parse(mapping, FieldMappingsTest.TEXT, HBaseColumns.INSTANCE), "key"),
                FieldMappingsTest.TEXT, FieldMappingsTest.TEXT, "t", -1, null, true);
        byte[] notUtf8 = {'1', '2', '3', '4', (byte) 0xff};
        Result badSsn = Result.create(new Cell[] {new KeyValue(b("alice"), b("d"), b("ssn"), 1L, notUtf8)});

        assertThatThrownBy(() -> mapper.map(badSsn)).isInstanceOf(RowConversionException.class)
                .hasMessage("Column d:ssn (field ssn, fieldType string), value hidden (masked field): not UTF-8 "
                        + "text, cannot be read as string with value encoding 'string'");
        assertThatThrownBy(() -> mapper.map(row("alice", "age", "forty")))
                .isInstanceOf(RowConversionException.class)
                .hasMessageStartingWith("Column d:age (field age, fieldType int), value 'forty': ")
                .hasMessageNotContaining("alice");
        assertThat(mapper.shownRowKey(b("alice"))).isNull();
    }

    @Test
    void keyIsTheRowKeyWithoutPkFields() throws Exception {
        FieldMappings m = FieldMappings.parse("[{\"sourceFiled\":\"name\",\"targetFiled\":\"name\","
                + "\"fieldType\":\"string\"}]", FieldMappingsTest.TEXT, HBaseColumns.INSTANCE);
        RowMapper mapper = new RowMapper(columns(m, ""), FieldMappingsTest.TEXT, FieldMappingsTest.TEXT, "t", -1,
                null, false);
        SourceRow r = mapper.map(row("行1", "name", "x"));
        assertThat(r.key()).isEqualTo("行1");
        assertThat(mapper.keySchema().type().getName()).isEqualTo("string");
    }

    @Test
    void eachMappedColumnTakesItsNewestCellWhateverElseTheRowHolds() throws Exception {
        // Two families, a column mapped twice, an unmapped cell between mapped ones, two versions of one cell,
        // and a mapped column the row lacks.
        String mapping = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\",\"ispk\":\"1\"},"
                + "{\"sourceFiled\":\"z:late\",\"targetFiled\":\"late\",\"fieldType\":\"string\"},"
                + "{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"string\"},"
                + "{\"sourceFiled\":\"name\",\"targetFiled\":\"name_copy\",\"fieldType\":\"string\"},"
                + "{\"sourceFiled\":\"age\",\"targetFiled\":\"age\",\"fieldType\":\"int\"},"
                + "{\"sourceFiled\":\"missing\",\"targetFiled\":\"missing\",\"fieldType\":\"string\"}]";
        FieldMappings m = FieldMappings.parse(mapping, FieldMappingsTest.TEXT, HBaseColumns.INSTANCE);
        RowMapper mapper = new RowMapper(columns(m, "id"), FieldMappingsTest.TEXT, FieldMappingsTest.TEXT, "t", -1,
                null, false);
        List<Cell> cells = new ArrayList<>();
        cells.add(new KeyValue(b("9"), b("d"), b("age"), 2L, b("31")));
        cells.add(new KeyValue(b("9"), b("d"), b("age"), 1L, b("30")));
        cells.add(new KeyValue(b("9"), b("d"), b("extra"), 1L, b("unmapped")));
        cells.add(new KeyValue(b("9"), b("d"), b("name"), 1L, b("li")));
        cells.add(new KeyValue(b("9"), b("z"), b("late"), 1L, b("last family")));
        cells.sort(org.apache.hadoop.hbase.CellComparator.getInstance());

        SourceRow r = mapper.map(Result.create(cells));

        assertThat(r.value().get("id")).isEqualTo(9);
        assertThat(r.value().get("age")).as("the newest version").isEqualTo(31);
        assertThat(r.value().get("name")).isEqualTo("li");
        assertThat(r.value().get("name_copy")).isEqualTo("li");
        assertThat(r.value().get("late")).isEqualTo("last family");
        assertThat(r.value().get("missing")).isNull();
    }
}
