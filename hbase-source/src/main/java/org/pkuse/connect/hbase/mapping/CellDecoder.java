package org.pkuse.connect.hbase.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.Locale;

import org.apache.hadoop.hbase.util.Bytes;

/**
 * Turns the bytes of a cell into the Connect value of a field type, and typed values back into text (for
 * {@code pkuse.lastincrementvalue}).
 *
 * <p>String encoding: the bytes are UTF-8 text; numbers are parsed from it (surrounding blanks ignored), booleans
 * from {@code true/false/1/0/yes/no/y/n}, dates and datetimes with the configured patterns (a datetime may also
 * be epoch milliseconds), and an empty text is null for every type but string and bytes. Binary encoding: the
 * HBase {@code Bytes} forms (int 4 bytes, bigint/double/date/datetime 8 bytes, float 4 bytes, boolean 1 byte,
 * decimal {@code Bytes.toBytes(BigDecimal)}); string is UTF-8 either way, bytes is raw either way.
 */
public final class CellDecoder {

    private final ValueEncoding encoding;
    private final DateTimeFormatter dateFormat;
    private final DateTimeFormatter datetimeFormat;
    private final String datePattern;
    private final String datetimePattern;
    private final boolean standardDatetime;
    private final boolean optionalMillis;
    private final ZoneId zone;

    public CellDecoder(ValueEncoding encoding, String datePattern, String datetimePattern, ZoneId zone) {
        this.encoding = encoding;
        this.datePattern = datePattern;
        this.datetimePattern = datetimePattern;
        this.dateFormat = DateTimeFormatter.ofPattern(datePattern, Locale.ROOT);
        this.datetimeFormat = DateTimeFormatter.ofPattern(datetimePattern, Locale.ROOT);
        this.standardDatetime = "yyyy-MM-dd HH:mm:ss".equals(datetimePattern)
                || "yyyy-MM-dd HH:mm:ss[.SSS]".equals(datetimePattern);
        this.optionalMillis = datetimePattern.endsWith("[.SSS]");
        this.zone = zone;
    }

    public ValueEncoding encoding() {
        return encoding;
    }

    /** Same formats, another encoding (row keys may be encoded differently from values). */
    public CellDecoder withEncoding(ValueEncoding other) {
        return new CellDecoder(other, datePattern, datetimePattern, zone);
    }

    /** Converts a cell; null bytes (missing cell) give null. */
    public Object decode(byte[] raw, FieldType type) throws ConversionException {
        if (raw == null) {
            return null;
        }
        if (type.kind() == FieldType.Kind.BYTES) {
            return raw;
        }
        if (encoding == ValueEncoding.STRING || type.kind() == FieldType.Kind.STRING) {
            String text = utf8(raw, type);
            return type.kind() == FieldType.Kind.STRING ? text : parse(text, type);
        }
        return decodeBinary(raw, type);
    }

    /** A strict decoder per scan thread: creating one per cell was a third of the scan threads' time. */
    private static final ThreadLocal<CharsetDecoder> UTF8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private static String utf8(byte[] raw, FieldType type) throws ConversionException {
        if (isAscii(raw)) {
            // ASCII is valid UTF-8 and decodes byte for byte, without the strict decoder's buffers.
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return UTF8.get().reset().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new ConversionException("not UTF-8 text, cannot be read as " + type
                    + " with value encoding 'string'");
        }
    }

    static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Parses the text form of a value (string encoding, and values typed in the config). */
    public Object parse(String text, FieldType type) throws ConversionException {
        if (text == null) {
            return null;
        }
        if (type.kind() == FieldType.Kind.STRING) {
            return text;
        }
        if (type.kind() == FieldType.Kind.BYTES) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return switch (type.kind()) {
                case INT -> Integer.parseInt(t);
                case BIGINT -> Long.parseLong(t);
                case DOUBLE -> Double.parseDouble(t);
                case FLOAT -> Float.parseFloat(t);
                case DECIMAL -> scaled(new BigDecimal(t), type);
                case BOOLEAN -> parseBoolean(t);
                case DATE -> Date.from(LocalDate.parse(t, dateFormat).atStartOfDay(ZoneOffset.UTC)
                        .toInstant());
                case TIMESTAMP -> parseDatetime(t);
                default -> throw new IllegalStateException(type.toString());
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new ConversionException("cannot be read as " + type + hint(type) + ": " + reason(e, type),
                    e instanceof ArithmeticException ? null : e.getMessage());
        }
    }

    /** Why a text is not of the type, without quoting it (the parsers' own messages do). */
    private static String reason(RuntimeException e, FieldType type) {
        if (e instanceof ArithmeticException) {
            return e.getMessage(); // from scaled(): says which limit, not the value
        }
        if (e instanceof DateTimeParseException) {
            return e.getCause() != null ? "not a valid date or time" : "does not match the pattern";
        }
        return switch (type.kind()) {
            case INT, BIGINT -> "not a whole number within the range of " + type;
            case DOUBLE, FLOAT -> "not a number";
            case DECIMAL -> "not a decimal number";
            case BOOLEAN -> "not one of true/false/1/0/yes/no/y/n/t/f";
            case TIMESTAMP -> "epoch milliseconds out of range";
            default -> "not a " + type;
        };
    }

    private String hint(FieldType type) {
        return switch (type.kind()) {
            case DATE -> " (pattern '" + datePattern + "')";
            case TIMESTAMP -> " (pattern '" + datetimePattern + "' or epoch milliseconds)";
            default -> "";
        };
    }

    private static Boolean parseBoolean(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y", "t" -> Boolean.TRUE;
            case "false", "0", "no", "n", "f" -> Boolean.FALSE;
            default -> throw new NumberFormatException("'" + t + "' is not true/false/1/0/yes/no"); // detail only
        };
    }

    private Date parseDatetime(String t) {
        if (t.length() >= 10 && isDigits(t)) {
            return new Date(Long.parseLong(t));
        }
        if (standardDatetime) {
            LocalDateTime fast = parseStandardDatetime(t, optionalMillis);
            if (fast != null) {
                return Date.from(fast.atZone(zone).toInstant());
            }
        }
        TemporalAccessor parsed = datetimeFormat.parse(t);
        LocalDateTime local = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalDateTime.from(parsed)
                : LocalDate.from(parsed).atStartOfDay();
        return Date.from(local.atZone(zone).toInstant());
    }

    /**
     * "yyyy-MM-dd HH:mm:ss" (and, when {@code millis}, "yyyy-MM-dd HH:mm:ss.SSS") read digit by digit, a fraction of
     * the formatter's cost per cell; null for anything else (other shapes, out-of-range fields), which then goes
     * through the formatter and its rules as before.
     */
    static LocalDateTime parseStandardDatetime(String t, boolean millis) {
        int n = t.length();
        if (!(n == 19 || (millis && n == 23 && t.charAt(19) == '.')) || t.charAt(4) != '-' || t.charAt(7) != '-'
                || t.charAt(10) != ' ' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int milli = n == 23 ? digits(t, 20, 23) : 0;
        if ((year | month | day | hour | minute | second | milli) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, milli * 1_000_000);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigits(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The value at the type's scale; an ArithmeticException naming the limit (never the value) otherwise. */
    private static BigDecimal scaled(BigDecimal value, FieldType type) {
        BigDecimal v;
        try {
            v = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("has more than " + type.scale() + " decimal places");
        }
        if (v.precision() > type.precision()) {
            throw new ArithmeticException("has more than " + type.precision() + " digits");
        }
        return v;
    }

    private Object decodeBinary(byte[] raw, FieldType type) throws ConversionException {
        int expected = switch (type.kind()) {
            case INT, FLOAT -> Bytes.SIZEOF_INT;
            case BIGINT, DOUBLE, DATE, TIMESTAMP -> Bytes.SIZEOF_LONG;
            case BOOLEAN -> 1;
            default -> -1;
        };
        if (expected > 0 && raw.length != expected) {
            throw new ConversionException("has " + raw.length + " bytes; binary " + type + " needs " + expected);
        }
        try {
            return switch (type.kind()) {
                case INT -> Bytes.toInt(raw);
                case BIGINT -> Bytes.toLong(raw);
                case DOUBLE -> Bytes.toDouble(raw);
                case FLOAT -> Bytes.toFloat(raw);
                case BOOLEAN -> raw[0] != 0;
                case DATE -> {
                    LocalDate day = Instant.ofEpochMilli(Bytes.toLong(raw)).atZone(ZoneOffset.UTC)
                            .toLocalDate();
                    yield Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
                }
                case TIMESTAMP -> new Date(Bytes.toLong(raw));
                case DECIMAL -> {
                    if (raw.length < Bytes.SIZEOF_INT + 1) {
                        throw new ConversionException("has " + raw.length + " bytes; too short for binary decimal");
                    }
                    yield scaled(Bytes.toBigDecimal(raw), type);
                }
                default -> throw new IllegalStateException(type.toString());
            };
        } catch (ArithmeticException e) {
            throw new ConversionException("cannot be read as binary " + type + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConversionException("cannot be read as binary " + type + ": malformed", e.getMessage());
        }
    }

    /** The text form of a typed value, as {@link #parse} reads it back. */
    public String format(Object value, FieldType type) {
        if (value == null) {
            return "";
        }
        return switch (type.kind()) {
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case DATE -> dateFormat.format(((Date) value).toInstant().atZone(ZoneOffset.UTC)
                    .toLocalDate());
            case TIMESTAMP -> datetimeFormat.format(((Date) value).toInstant().atZone(zone)
                    .toLocalDateTime());
            case BYTES -> new String((byte[]) value, StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }

    /**
     * Shows a raw cell in a message: its UTF-8 text when it is text, else its {@code Bytes.toStringBinary}. Only for
     * {@code pkuse.errors.include.values=true}: a cell may hold personal data.
     */
    public static String show(byte[] raw) {
        if (raw == null) {
            return "null";
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            String s = text.toString();
            if (s.chars().noneMatch(c -> Character.isISOControl(c))) {
                return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "'";
            }
        } catch (CharacterCodingException e) {
            // fall through
        }
        return "binary " + Bytes.toStringBinary(raw, 0, Math.min(raw.length, 100));
    }
}
