package org.pkuse.connect.jdbc.source;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;

import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.TextValues;

/**
 * A column's value (as {@link SourceColumn#read} gives it) as a value of a mapping's {@code fieldType}: numbers
 * exactly (an int field refuses 2.5 and 3000000000), text parsed as {@link SqlLiterals} reads it, dates and times in
 * {@code db.timezone}. A value that does not fit is an error that names no value.
 */
final class FieldConversion {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATETIME_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final TextValues literals;
    private final ZoneId zone;

    FieldConversion(ZoneId zone) {
        this.literals = SqlLiterals.parser(zone);
        this.zone = zone;
    }

    Object convert(Object value, SourceColumn column, FieldType type) throws ConversionException {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return literals.parse(s, type);
        }
        try {
            return switch (type.kind()) {
                case STRING -> text(value, column);
                case INT -> decimal(value).intValueExact();
                case BIGINT -> decimal(value).longValueExact();
                case DOUBLE -> decimal(value).doubleValue();
                case FLOAT -> decimal(value).floatValue();
                case DECIMAL -> TextValues.scaled(decimal(value), type);
                case BOOLEAN -> value instanceof Boolean b ? b : decimal(value).signum() != 0;
                case DATE -> date(value, column);
                case TIMESTAMP -> timestamp(value, column);
                case BYTES -> value instanceof byte[] ? value : text(value, column).getBytes(StandardCharsets.UTF_8);
            };
        } catch (ArithmeticException | ClassCastException e) {
            throw new ConversionException("cannot be read as " + type + " (column type "
                    + column.kind().name().toLowerCase(Locale.ROOT) + ")", e.getMessage());
        }
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        throw new ClassCastException("not a number");
    }

    /** As a person reads it: dates and datetimes in db.timezone, bytes as UTF-8 text. */
    private String text(Object value, SourceColumn column) {
        return switch (column.kind()) {
            case DATE -> LocalDate.ofEpochDay(Math.floorDiv(((Date) value).getTime(), 86_400_000L)).toString();
            case TIMESTAMP -> {
                long millis = ((Date) value).getTime();
                yield (millis % 1000 == 0 ? DATETIME : DATETIME_MILLIS).format(Instant.ofEpochMilli(millis)
                        .atZone(zone));
            }
            case BYTES -> new String((byte[]) value, StandardCharsets.UTF_8);
            case DECIMAL, UNSIGNED_BIGINT -> ((BigDecimal) value).toPlainString();
            default -> column.text(value);
        };
    }

    private Date date(Object value, SourceColumn column) {
        Date d = (Date) value;
        if (column.kind() == SourceColumn.Kind.TIMESTAMP) {
            LocalDate day = Instant.ofEpochMilli(d.getTime()).atZone(zone).toLocalDate();
            return new Date(day.toEpochDay() * 86_400_000L);
        }
        return d;
    }

    private Date timestamp(Object value, SourceColumn column) {
        Date d = (Date) value;
        if (column.kind() == SourceColumn.Kind.DATE) { // midnight of that day in db.timezone
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), 86_400_000L));
            return Date.from(day.atStartOfDay(zone).toInstant());
        }
        return d;
    }
}
