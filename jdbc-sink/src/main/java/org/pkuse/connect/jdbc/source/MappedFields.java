package org.pkuse.connect.jdbc.source;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldMapping;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.LimitCondition;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;

/**
 * The platform's field mapping ({@code pkuse.jdbc.filed.mapping}) over a source table: the record holds the mapped
 * fields only, under their target names and types, each value converted ({@link FieldConversion}) and then changed
 * by its {@code maprule}; the {@code ispk} fields form the record key; each {@code limitcondition} becomes part of
 * the run's WHERE, so that the count and the rows agree and the database does the filtering.
 */
public final class MappedFields {

    private final List<FieldMapping> fields;
    /** Index into the table's columns of each field's source column. */
    private final int[] columns;
    private final List<SourceColumn> tableColumns;
    private final FieldConversion conversion;
    private final ZoneId zone;
    private final Schema valueSchema;
    private final Schema keySchema;

    private MappedFields(List<FieldMapping> fields, int[] columns, List<SourceColumn> tableColumns, ZoneId zone,
                         Schema valueSchema, Schema keySchema) {
        this.fields = fields;
        this.columns = columns;
        this.tableColumns = tableColumns;
        this.conversion = new FieldConversion(zone);
        this.zone = zone;
        this.valueSchema = valueSchema;
        this.keySchema = keySchema;
    }

    /**
     * The mapping over the table's columns.
     *
     * @throws IllegalArgumentException naming the mapping entry and what does not fit the table
     */
    static MappedFields of(FieldMappings mappings, List<SourceColumn> tableColumns, String schemaName, ZoneId zone) {
        int[] columns = new int[mappings.fields().size()];
        SchemaBuilder value = SchemaBuilder.struct().name(schemaName);
        SchemaBuilder key = SchemaBuilder.struct().name(schemaName + ".Key");
        for (int i = 0; i < columns.length; i++) {
            FieldMapping f = mappings.fields().get(i);
            columns[i] = -1;
            for (int c = 0; c < tableColumns.size(); c++) {
                if (tableColumns.get(c).name().equalsIgnoreCase(f.source())) {
                    columns[i] = c;
                }
            }
            String where = "pkuse.jdbc.filed.mapping [" + f.index() + "] (" + f.target() + ")";
            if (columns[i] < 0) {
                throw new IllegalArgumentException(where + ": the table has no column '" + f.source() + "'");
            }
            if (f.condition() != null && !comparable(tableColumns.get(columns[i]).kind(), f.type())) {
                throw new IllegalArgumentException(where + ": a limitcondition is evaluated by the database on "
                        + "the column, so fieldType " + f.type() + " must be of the column's kind ("
                        + tableColumns.get(columns[i]).kind().name().toLowerCase(Locale.ROOT) + ")");
            }
            value.field(f.target(), f.type().schema());
            if (f.pk()) {
                key.field(f.target(), f.type().requiredSchema());
            }
        }
        boolean keyed = mappings.fields().stream().anyMatch(FieldMapping::pk);
        return new MappedFields(mappings.fields(), columns, tableColumns, zone, value.build(),
                keyed ? key.build() : null);
    }

    /** Whether the database compares the column as the field's type would: same family of kinds. */
    private static boolean comparable(SourceColumn.Kind column, FieldType type) {
        return switch (type.kind()) {
            case INT, BIGINT, DOUBLE, FLOAT, DECIMAL -> switch (column) {
                case INT8, INT16, INT32, INT64, UNSIGNED_BIGINT, FLOAT32, FLOAT64, DECIMAL, YEAR -> true;
                default -> false;
            };
            case STRING -> column == SourceColumn.Kind.STRING;
            case BOOLEAN -> column == SourceColumn.Kind.BOOLEAN;
            case DATE, TIMESTAMP -> column == SourceColumn.Kind.DATE || column == SourceColumn.Kind.TIMESTAMP;
            case BYTES -> column == SourceColumn.Kind.BYTES;
        };
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    /** The ispk fields' schema, or null when no field is one (the table's key is the record key then). */
    public Schema keySchema() {
        return keySchema;
    }

    /**
     * The record value of a row (every table column's value, in the table's order).
     *
     * @throws ConversionException naming the field and its column, not the value
     */
    public Struct value(Object[] row) throws ConversionException {
        Struct value = new Struct(valueSchema);
        for (int i = 0; i < columns.length; i++) {
            FieldMapping f = fields.get(i);
            SourceColumn column = tableColumns.get(columns[i]);
            Object v;
            try {
                v = conversion.convert(row[columns[i]], column, f.type());
            } catch (ConversionException e) {
                throw new ConversionException("Field " + f.target() + " (column " + column.name() + ") "
                        + e.getMessage(), f.rule().masks() ? null : e.detail());
            }
            value.put(f.target(), f.rule().apply(v));
        }
        return value;
    }

    /** The record key from the value: its ispk fields. */
    public Struct key(Struct value) {
        Struct key = new Struct(keySchema);
        for (FieldMapping f : fields) {
            if (f.pk()) {
                key.put(f.target(), value.get(f.target()));
            }
        }
        return key;
    }

    /** Adds each field's limitcondition to a run's WHERE, its values as parameters. */
    void conditions(DatabaseDialect dialect, List<String> conditions, List<SqlParam> params) {
        for (int i = 0; i < columns.length; i++) {
            LimitCondition c = fields.get(i).condition();
            if (c == null) {
                continue;
            }
            SourceColumn column = tableColumns.get(columns[i]);
            String name = dialect.quote(column.name());
            List<String> marks = new ArrayList<>();
            for (Object v : c.op() == LimitCondition.Op.LIKE || c.op() == LimitCondition.Op.NOT_LIKE
                    ? List.<Object>copyOf(c.literals()) : c.values()) {
                marks.add("?");
                if (fields.get(i).type().kind() == FieldType.Kind.DATE && column.kind() == SourceColumn.Kind.TIMESTAMP) {
                    // a day compared with a datetime column: that day's midnight in db.timezone
                    long day = Math.floorDiv(((java.util.Date) v).getTime(), 86_400_000L);
                    v = java.util.Date.from(java.time.LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant());
                }
                params.add(new SqlParam(column, v, true));
            }
            conditions.add(switch (c.op()) {
                case EQ -> name + " = ?";
                case NE -> name + " <> ?";
                case GT -> name + " > ?";
                case GE -> name + " >= ?";
                case LT -> name + " < ?";
                case LE -> name + " <= ?";
                case IN -> name + " IN (" + String.join(", ", marks) + ")";
                case NOT_IN -> name + " NOT IN (" + String.join(", ", marks) + ")";
                case LIKE -> name + " LIKE ?";
                case NOT_LIKE -> name + " NOT LIKE ?";
                case IS_NULL -> name + " IS NULL";
                case IS_NOT_NULL -> name + " IS NOT NULL";
            });
        }
    }
}
