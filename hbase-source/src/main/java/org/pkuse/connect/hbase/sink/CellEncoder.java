package org.pkuse.connect.hbase.sink;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ValueEncoding;

/**
 * Turns a record field's value into cell bytes: the inverse of {@link CellDecoder}, so that what the HBase source
 * reads from a cell and this sink writes back are the same bytes. String encoding writes the text form
 * {@link CellDecoder#format} gives (numbers in decimal, decimals at their scale, dates and datetimes in the
 * configured patterns, a datetime's {@code .000} left out when the pattern makes millis optional); binary encoding
 * writes HBase {@code Bytes} forms. A value whose Java type does not fit the field's type is a
 * {@link ConversionException} naming both types, never the value.
 */
public final class CellEncoder {

    /** A time of day's text ({@link #timeOfDay}): whole seconds, or with milliseconds. */
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final CellDecoder formats;
    private final boolean optionalMillis;

    /** @param datetimePattern the pattern of {@code formats}, to know whether millis are optional */
    public CellEncoder(CellDecoder formats, String datetimePattern) {
        this.formats = formats;
        this.optionalMillis = datetimePattern.endsWith("[.SSS]");
    }

    public ValueEncoding encoding() {
        return formats.encoding();
    }

    /** Same formats, another encoding (row keys may be encoded differently from values). */
    public CellEncoder withEncoding(ValueEncoding other, String datetimePattern) {
        return new CellEncoder(formats.withEncoding(other), datetimePattern);
    }

    /** The cell bytes of a non-null value of {@code type}. */
    public byte[] encode(Object value, FieldType type) throws ConversionException {
        Object v = normalize(value, type);
        if (type.kind() == FieldType.Kind.BYTES) {
            return (byte[]) v;
        }
        if (formats.encoding() == ValueEncoding.STRING || type.kind() == FieldType.Kind.STRING) {
            return text(v, type).getBytes(StandardCharsets.UTF_8);
        }
        return switch (type.kind()) {
            case INT -> Bytes.toBytes((Integer) v);
            case BIGINT -> Bytes.toBytes((Long) v);
            case DOUBLE -> Bytes.toBytes((Double) v);
            case FLOAT -> Bytes.toBytes((Float) v);
            case BOOLEAN -> Bytes.toBytes((Boolean) v);
            case DECIMAL -> Bytes.toBytes((BigDecimal) v);
            case DATE, TIMESTAMP -> Bytes.toBytes(((Date) v).getTime());
            default -> throw new IllegalStateException(type.toString());
        };
    }

    /** The text form of a non-null value of {@code type} (string encoding, row keys). */
    public String text(Object value, FieldType type) throws ConversionException {
        Object v = normalize(value, type);
        String text = formats.format(v, type);
        if (type.kind() == FieldType.Kind.TIMESTAMP && optionalMillis && text.endsWith(".000")
                && ((Date) v).getTime() % 1000 == 0) {
            return text.substring(0, text.length() - 4);
        }
        return text;
    }

    /** The value as the Java type {@link CellDecoder} gives for {@code type}. */
    private static Object normalize(Object value, FieldType type) throws ConversionException {
        try {
            return switch (type.kind()) {
                case STRING -> value instanceof String s ? s : String.valueOf(value);
                case BYTES -> bytes(value);
                case INT -> value instanceof Number n ? Math.toIntExact(whole(n)) : Integer.valueOf(text(value));
                case BIGINT -> value instanceof Number n ? whole(n) : Long.valueOf(text(value));
                case DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.valueOf(text(value));
                case FLOAT -> value instanceof Number n ? n.floatValue() : Float.valueOf(text(value));
                case DECIMAL -> scaled(value instanceof BigDecimal d ? d : new BigDecimal(text(value)), type);
                case BOOLEAN -> value instanceof Boolean b ? b : bool(text(value));
                case DATE, TIMESTAMP -> value instanceof Date d ? d
                        : value instanceof Long l ? new Date(l) : fail(value, type);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ConversionException("a " + value.getClass().getSimpleName() + " that does not fit " + type
                    + (e instanceof ArithmeticException && e.getMessage() != null ? " (" + e.getMessage() + ")" : ""));
        }
    }

    private static long whole(Number n) {
        if (n instanceof BigDecimal d) {
            return d.longValueExact();
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d != Math.rint(d)) {
                throw new ArithmeticException("has a fraction");
            }
            return (long) d;
        }
        return n.longValue();
    }

    private static String text(Object value) {
        if (!(value instanceof String s)) {
            throw new NumberFormatException();
        }
        return s.trim();
    }

    private static Boolean bool(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y", "t" -> Boolean.TRUE;
            case "false", "0", "no", "n", "f" -> Boolean.FALSE;
            default -> throw new NumberFormatException();
        };
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            buffer.duplicate().get(b);
            return b;
        }
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    private static BigDecimal scaled(BigDecimal value, FieldType type) {
        try {
            return value.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("more than " + type.scale() + " decimal places");
        }
    }

    private static Object fail(Object value, FieldType type) throws ConversionException {
        throw new ConversionException("a " + value.getClass().getSimpleName() + " cannot be written as " + type);
    }

    /**
     * A Connect {@code Time} (milliseconds since midnight, UTC) as {@code HH:mm:ss}, with {@code .SSS} when it has
     * milliseconds: the text a database gives for a TIME column.
     */
    public static String timeOfDay(Date time) {
        LocalTime t = LocalTime.ofNanoOfDay(Math.floorMod(time.getTime(), 86_400_000L) * 1_000_000L);
        return t.format(t.getNano() == 0 ? SECONDS : MILLIS);
    }

    /** The field type a value's Connect schema implies; null when the schema has none that fits a cell. */
    public static FieldType typeOf(Schema schema) {
        if (schema == null) {
            return null;
        }
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            Map<String, String> p = schema.parameters();
            int scale = Integer.parseInt(p.get(Decimal.SCALE_FIELD));
            String precision = p.get("connect.decimal.precision");
            return new FieldType(FieldType.Kind.DECIMAL, precision == null ? 38 : Integer.parseInt(precision), scale);
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
            return new FieldType(FieldType.Kind.DATE, 0, 0);
        }
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return new FieldType(FieldType.Kind.TIMESTAMP, 0, 0);
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32 -> new FieldType(FieldType.Kind.INT, 0, 0);
            case INT64 -> new FieldType(FieldType.Kind.BIGINT, 0, 0);
            case FLOAT32 -> new FieldType(FieldType.Kind.FLOAT, 0, 0);
            case FLOAT64 -> new FieldType(FieldType.Kind.DOUBLE, 0, 0);
            case BOOLEAN -> new FieldType(FieldType.Kind.BOOLEAN, 0, 0);
            case STRING -> new FieldType(FieldType.Kind.STRING, 0, 0);
            case BYTES -> new FieldType(FieldType.Kind.BYTES, 0, 0);
            default -> null;
        };
    }

    /** The field type of a schemaless value (a JSON map's entry); null for nested values. */
    public static FieldType typeOf(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return new FieldType(FieldType.Kind.INT, 0, 0);
        }
        if (value instanceof Long) {
            return new FieldType(FieldType.Kind.BIGINT, 0, 0);
        }
        if (value instanceof Double) {
            return new FieldType(FieldType.Kind.DOUBLE, 0, 0);
        }
        if (value instanceof Float) {
            return new FieldType(FieldType.Kind.FLOAT, 0, 0);
        }
        if (value instanceof Boolean) {
            return new FieldType(FieldType.Kind.BOOLEAN, 0, 0);
        }
        if (value instanceof BigDecimal d) {
            return new FieldType(FieldType.Kind.DECIMAL, Math.max(d.precision(), d.scale() + 1), Math.max(0, d.scale()));
        }
        if (value instanceof Date) {
            return new FieldType(FieldType.Kind.TIMESTAMP, 0, 0);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return new FieldType(FieldType.Kind.BYTES, 0, 0);
        }
        return value instanceof String ? new FieldType(FieldType.Kind.STRING, 0, 0) : null;
    }
}
