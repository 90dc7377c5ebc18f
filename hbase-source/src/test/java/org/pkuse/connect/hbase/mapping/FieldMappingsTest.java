package org.pkuse.connect.hbase.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.common.mapping.FieldMapping;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.LimitCondition;

class FieldMappingsTest {

    static final CellDecoder TEXT = new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss[.SSS]",
            ZoneId.of("UTC"));

    /** The mapping of the seed contract, as the scheduler sends it. */
    static final String SEED = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\",\"mark\":\"0\","
            + "\"ispk\":\"1\",\"limitcondition\":\"\",\"maprule\":\" \",\"columnId\":\"adb362c70ab54260a5ca8e3cd562a62c\","
            + "\"description\":\"primary key\"},{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":"
            + "\"string\",\"mark\":\"0\",\"ispk\":\"0\",\"limitcondition\":\"\",\"maprule\":\" \",\"columnId\":"
            + "\"fe9aa1f7828a428e926bb76a675f7d78\",\"description\":\"NAME\"},{\"sourceFiled\":\"salary\","
            + "\"targetFiled\":\"salary\",\"fieldType\":\"bigint\",\"mark\":\"0\",\"ispk\":\"0\",\"limitcondition\":"
            + "\"\",\"maprule\":\" \",\"columnId\":\"x\",\"description\":\"salary\"}]";

    @Test
    void parsesTheSeedMapping() {
        FieldMappings m = FieldMappings.parse(SEED, TEXT, HBaseColumns.INSTANCE);
        assertThat(m.fields()).extracting(FieldMapping::target).containsExactly("id", "name", "salary");
        assertThat(m.fields()).extracting(f -> f.type().kind())
                .containsExactly(FieldType.Kind.INT, FieldType.Kind.STRING, FieldType.Kind.BIGINT);
        assertThat(m.keyFields()).extracting(FieldMapping::target).containsExactly("id");
        assertThat(m.fields().get(1).rule().isNone()).isTrue();
        assertThat(m.fields().get(1).condition()).isNull();
        assertThat(m.fields().get(0).columnId()).isEqualTo("adb362c70ab54260a5ca8e3cd562a62c");
        assertThat(m.fields().get(0).description()).isEqualTo("primary key");
    }

    @Test
    void familyAndQualifier() {
        FieldMappings m = FieldMappings.parse("[{\"sourceFiled\":\"cf:name\",\"targetFiled\":\"n\","
                + "\"fieldType\":\"VARCHAR(20)\"},{\"sourceFiled\":\"age\",\"targetFiled\":\"a\",\"fieldType\":\"INT\"}]",
                TEXT, HBaseColumns.INSTANCE);
        assertThat(m.fields().get(0).family()).isEqualTo("cf");
        assertThat(m.fields().get(0).qualifier()).isEqualTo("name");
        assertThat(m.fields().get(0).type().kind()).isEqualTo(FieldType.Kind.STRING);
        assertThat(m.fields().get(1).family()).isNull();
        assertThat(m.fields().get(1).qualifier()).isEqualTo("age");
    }

    @Test
    void errorsNameIndexAndProperty() {
        assertThatThrownBy(() -> FieldMappings.parse("not json", TEXT, HBaseColumns.INSTANCE)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> FieldMappings.parse("{}", TEXT, HBaseColumns.INSTANCE)).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> FieldMappings.parse("[]", TEXT, HBaseColumns.INSTANCE)).hasMessageContaining("maps no field");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\","
                + "\"fieldType\":\"int\"},{\"targetFiled\":\"b\",\"fieldType\":\"int\"}]", TEXT, HBaseColumns.INSTANCE))
                .hasMessageStartingWith("[1].sourceFiled");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":\"a\",\"fieldType\":\"int\"}]", TEXT, HBaseColumns.INSTANCE))
                .hasMessageStartingWith("[0].targetFiled");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\","
                + "\"fieldType\":\"money\"}]", TEXT, HBaseColumns.INSTANCE)).hasMessageStartingWith("[0].fieldType").hasMessageContaining(
                "money");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\","
                + "\"fieldType\":\"int\",\"ispk\":\"yes\"}]", TEXT, HBaseColumns.INSTANCE)).hasMessageStartingWith("[0].ispk");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\","
                + "\"fieldType\":\"int\",\"limitcondition\":\"> abc\"}]", TEXT, HBaseColumns.INSTANCE))
                .hasMessageStartingWith("[0].limitcondition");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\","
                + "\"fieldType\":\"int\",\"maprule\":\"upper\"}]", TEXT, HBaseColumns.INSTANCE)).hasMessageStartingWith("[0].maprule");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\","
                + "\"fieldType\":\"int\"},{\"sourceFiled\":\"b\",\"targetFiled\":\"a\",\"fieldType\":\"int\"}]", TEXT, HBaseColumns.INSTANCE))
                .hasMessageStartingWith("[1].targetFiled").hasMessageContaining("twice");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":\"a:b:c\",\"targetFiled\":\"a\","
                + "\"fieldType\":\"int\"}]", TEXT, HBaseColumns.INSTANCE)).hasMessageStartingWith("[0].sourceFiled");
        assertThatThrownBy(() -> FieldMappings.parse("[{\"sourceFiled\":{\"x\":1},\"targetFiled\":\"a\"}]", TEXT, HBaseColumns.INSTANCE))
                .hasMessageStartingWith("[0].sourceFiled");
        assertThatThrownBy(() -> FieldMappings.parse("[1]", TEXT, HBaseColumns.INSTANCE)).hasMessageStartingWith("[0] must be a JSON object");
    }

    @Test
    void fieldTypes() {
        assertThat(FieldType.parse("decimal(10,2)")).isEqualTo(new FieldType(FieldType.Kind.DECIMAL, 10, 2));
        assertThat(FieldType.parse("DECIMAL")).isEqualTo(new FieldType(FieldType.Kind.DECIMAL, 38, 10));
        assertThat(FieldType.parse("Numeric(5)")).isEqualTo(new FieldType(FieldType.Kind.DECIMAL, 5, 0));
        assertThat(FieldType.parse("DateTime").kind()).isEqualTo(FieldType.Kind.TIMESTAMP);
        assertThat(FieldType.parse("timestamp").kind()).isEqualTo(FieldType.Kind.TIMESTAMP);
        assertThat(FieldType.parse("Float").kind()).isEqualTo(FieldType.Kind.FLOAT);
        assertThat(FieldType.parse("bytes").kind()).isEqualTo(FieldType.Kind.BYTES);
        assertThat(FieldType.parse("boolean").kind()).isEqualTo(FieldType.Kind.BOOLEAN);
        assertThatThrownBy(() -> FieldType.parse("decimal(3,5)")).hasMessageContaining("scale");
        assertThatThrownBy(() -> FieldType.parse("")).hasMessageContaining("unknown fieldType");
    }

    @Test
    void conditionAcceptsFieldNamePrefix() {
        FieldMappings m = FieldMappings.parse("[{\"sourceFiled\":\"salary\",\"targetFiled\":\"pay\","
                + "\"fieldType\":\"bigint\",\"limitcondition\":\"pay >= 5000\"}]", TEXT, HBaseColumns.INSTANCE);
        LimitCondition c = m.fields().get(0).condition();
        assertThat(c.op()).isEqualTo(LimitCondition.Op.GE);
        assertThat(c.test(5000L)).isTrue();
        assertThat(c.test(4999L)).isFalse();
    }
}
