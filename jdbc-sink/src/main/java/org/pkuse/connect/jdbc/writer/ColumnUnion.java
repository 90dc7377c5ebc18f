package org.pkuse.connect.jdbc.writer;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;

/** The columns a table needs so that every row shape of one flush fits it. */
final class ColumnUnion {

    private ColumnUnion() {
    }

    /**
     * The columns a table needs for all the shapes of one flush; a column that some shape lacks must accept NULL
     * (records of the older schema leave it empty).
     */
    static List<ColumnSpec> of(List<RowShape> shapes) {
        List<ColumnSpec> cols = new ArrayList<>();
        for (RowShape shape : shapes) {
            for (ColumnSpec c : shape.allColumns()) {
                if (cols.stream().noneMatch(x -> x.name().equalsIgnoreCase(c.name()))) {
                    cols.add(c);
                }
            }
        }
        List<ColumnSpec> result = new ArrayList<>(cols.size());
        for (ColumnSpec c : cols) {
            boolean everywhere = shapes.stream().allMatch(s -> s.allColumns().stream()
                    .anyMatch(x -> x.name().equalsIgnoreCase(c.name())));
            result.add(everywhere || c.key() || c.schema() == null ? c
                    : new ColumnSpec(c.name(), optional(c.schema()), false));
        }
        return result;
    }

    /** The columns of {@code union} that some shape of {@code subset} has, as the union made them. */
    static List<ColumnSpec> restrict(List<ColumnSpec> union, List<RowShape> subset) {
        List<ColumnSpec> result = new ArrayList<>();
        for (ColumnSpec c : union) {
            if (subset.stream().anyMatch(s -> s.allColumns().stream()
                    .anyMatch(x -> x.name().equalsIgnoreCase(c.name())))) {
                result.add(c);
            }
        }
        return result;
    }

    private static Schema optional(Schema s) {
        if (s.isOptional()) {
            return s;
        }
        switch (s.type()) {
            case ARRAY, MAP, STRUCT:
                return Schema.OPTIONAL_STRING_SCHEMA;
            default:
                SchemaBuilder b = new SchemaBuilder(
                        s.type()).name(s.name()).optional();
                if (s.parameters() != null) {
                    b.parameters(s.parameters());
                }
                return b.build();
        }
    }
}
