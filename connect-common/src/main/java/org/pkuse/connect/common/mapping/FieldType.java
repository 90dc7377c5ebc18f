package org.pkuse.connect.common.mapping;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * A {@code fieldType} of the field mapping: the Connect type a cell is converted to.
 *
 * @param kind      the type family
 * @param precision for decimals, the declared precision (informational; Connect decimals carry only the scale)
 * @param scale     for decimals, the scale every value is given (exactly: a value with more digits is an error)
 */
public record FieldType(Kind kind, int precision, int scale) {

    /** Scale of a {@code decimal} declared without {@code (p,s)}. */
    public static final int DEFAULT_DECIMAL_PRECISION = 38;
    public static final int DEFAULT_DECIMAL_SCALE = 10;

    private static final Pattern DECIMAL = Pattern.compile(
            "(?:decimal|numeric)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

    public enum Kind { INT, BIGINT, STRING, DOUBLE, FLOAT, DECIMAL, BOOLEAN, DATE, TIMESTAMP, BYTES }

    /** The accepted spellings, for messages and docs. */
    public static final String ACCEPTED = "int, bigint, string, double, float, decimal(p,s), boolean, date, "
            + "datetime/timestamp, bytes (case-insensitive; also integer, long, varchar, char, text, numeric, bool, "
            + "binary)";

    /**
     * Parses a {@code fieldType}.
     *
     * @throws IllegalArgumentException with a message naming the accepted types
     */
    public static FieldType parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            int p = decimal.group(1) == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(decimal.group(1));
            int s = decimal.group(2) != null ? Integer.parseInt(decimal.group(2))
                    : decimal.group(1) != null ? 0 : DEFAULT_DECIMAL_SCALE;
            if (p < 1 || p > 65 || s > p) {
                throw new IllegalArgumentException("'" + text + "' is not a valid decimal: need 1 <= precision <= 65 "
                        + "and scale <= precision");
            }
            return new FieldType(Kind.DECIMAL, p, s);
        }
        String base = t.replaceAll("\\s*\\(\\s*\\d+\\s*\\)$", "");
        Kind kind = switch (base) {
            case "int", "integer", "tinyint", "smallint", "mediumint" -> Kind.INT;
            case "bigint", "long" -> Kind.BIGINT;
            case "string", "varchar", "char", "text", "longtext", "mediumtext", "nvarchar" -> Kind.STRING;
            case "double", "real" -> Kind.DOUBLE;
            case "float" -> Kind.FLOAT;
            case "boolean", "bool", "bit" -> Kind.BOOLEAN;
            case "date" -> Kind.DATE;
            case "datetime", "timestamp" -> Kind.TIMESTAMP;
            case "bytes", "binary", "varbinary", "blob" -> Kind.BYTES;
            default -> throw new IllegalArgumentException("unknown fieldType '" + text + "'; expected one of "
                    + ACCEPTED);
        };
        return new FieldType(kind, 0, 0);
    }

    /** The optional Connect schema of a value of this type. */
    public Schema schema() {
        return builder().optional().build();
    }

    /** The required Connect schema (for key fields). */
    public Schema requiredSchema() {
        return builder().build();
    }

    private SchemaBuilder builder() {
        return switch (kind) {
            case INT -> SchemaBuilder.int32();
            case BIGINT -> SchemaBuilder.int64();
            case STRING -> SchemaBuilder.string();
            case DOUBLE -> SchemaBuilder.float64();
            case FLOAT -> SchemaBuilder.float32();
            case DECIMAL -> Decimal.builder(scale).parameter("connect.decimal.precision", Integer.toString(precision));
            case BOOLEAN -> SchemaBuilder.bool();
            case DATE -> Date.builder();
            case TIMESTAMP -> Timestamp.builder();
            case BYTES -> SchemaBuilder.bytes();
        };
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "decimal(" + precision + "," + scale + ")" : kind.name().toLowerCase(Locale.ROOT);
    }
}
