package org.pkuse.connect.common.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
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

/**
 * Values of a mapping's field types read from text and written back: numbers (surrounding blanks ignored),
 * booleans ({@code true/false/1/0/yes/no/y/n/t/f}), dates and datetimes with the configured patterns (a datetime may
 * also be epoch milliseconds; datetimes in the configured zone), decimals at their field's scale exactly. An empty
 * text is null for every type but string and bytes. The HBase source reads its text cells with it; both sources read
 * a mapping's literals with it.
 */
public final class TextValues implements LiteralParser {

    private final DateTimeFormatter dateFormat;
    private final DateTimeFormatter datetimeFormat;
    private final String datePattern;
    private final String datetimePattern;
    private final boolean standardDatetime;
    private final boolean optionalMillis;
    private final ZoneId zone;

    public TextValues(String datePattern, String datetimePattern, ZoneId zone) {
        this.datePattern = datePattern;
        this.datetimePattern = datetimePattern;
        this.dateFormat = DateTimeFormatter.ofPattern(datePattern, Locale.ROOT);
        this.datetimeFormat = DateTimeFormatter.ofPattern(datetimePattern, Locale.ROOT);
        this.standardDatetime = "yyyy-MM-dd HH:mm:ss".equals(datetimePattern)
                || "yyyy-MM-dd HH:mm:ss[.SSS]".equals(datetimePattern);
        this.optionalMillis = datetimePattern.endsWith("[.SSS]");
        this.zone = zone;
    }

    /** Parses the text form of a value. */
    @Override
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
    public static LocalDateTime parseStandardDatetime(String t, boolean millis) {
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
    public static BigDecimal scaled(BigDecimal value, FieldType type) {
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
}
