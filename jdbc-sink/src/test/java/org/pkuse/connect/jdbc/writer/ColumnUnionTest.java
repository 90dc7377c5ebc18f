package org.pkuse.connect.jdbc.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.TableId;

class ColumnUnionTest {

    @Test
    void aColumnMissingFromSomeShapeBecomesNullable() {
        ColumnSpec id = new ColumnSpec("id", Schema.INT32_SCHEMA, true);
        ColumnSpec name = new ColumnSpec("name", Schema.STRING_SCHEMA, false);
        ColumnSpec age = new ColumnSpec("age", Schema.INT32_SCHEMA, false);
        TableId t = TableId.parse("t");
        List<ColumnSpec> union = ColumnUnion.of(List.of(
                new RowShape(t, Operation.UPSERT, List.of(id), List.of(name)),
                new RowShape(t, Operation.UPSERT, List.of(id), List.of(name, age))));
        assertThat(union).extracting(ColumnSpec::name).containsExactly("id", "name", "age");
        assertThat(union.get(1).schema().isOptional()).isFalse();
        assertThat(union.get(2).schema().isOptional()).isTrue();
        assertThat(union.get(2).schema().type()).isEqualTo(Schema.Type.INT32);
    }
}
