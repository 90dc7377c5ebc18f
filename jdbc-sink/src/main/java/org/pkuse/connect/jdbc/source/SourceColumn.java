package org.pkuse.connect.jdbc.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Calendar;
import java.util.Locale;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * One column of a source table as a record field: its Connect schema from the driver's metadata, and how its value
 * is read. Unsigned integers widen (BIGINT UNSIGNED becomes a Decimal of scale 0, exact); DECIMAL keeps its scale;
 * DATETIME/TIMESTAMP are read in {@code db.timezone}, as the sink writes them.
 *
 * @param name    the column name (the field name)
 * @param kind    how the value is read
 * @param schema  the field's schema (optional when the column is nullable)
 */
public record SourceColumn(String name, Kind kind, Schema schema) {

    /** How a column's value is read from the result set. */
    public enum Kind {
        BOOLEAN, INT8, INT16, INT32, INT64, UNSIGNED_BIGINT, FLOAT32, FLOAT64, DECIMAL, STRING, BYTES, DATE, TIME,
        TIMESTAMP, YEAR
    }

    /** The column {@code i} (1-based) of the result set's metadata. */
    public static SourceColumn of(ResultSetMetaData md, int i) throws SQLException {
        String name = md.getColumnLabel(i);
        boolean optional = md.isNullable(i) != ResultSetMetaData.columnNoNulls;
        String typeName = String.valueOf(md.getColumnTypeName(i)).toUpperCase(Locale.ROOT);
        boolean unsigned = !md.isSigned(i) || typeName.contains("UNSIGNED");
        Kind kind;
        SchemaBuilder b;
        switch (md.getColumnType(i)) {
            case Types.BIT, Types.BOOLEAN -> {
                boolean postgres = md.getClass().getName().startsWith("org.postgresql.");
                if (md.getPrecision(i) > 1 && md.getColumnType(i) == Types.BIT && postgres) {
                    kind = Kind.STRING; // PostgreSQL's bit(n): its driver gives the bits as text, '0101...'
                    b = SchemaBuilder.string();
                } else if (md.getPrecision(i) > 1 && md.getColumnType(i) == Types.BIT) {
                    kind = Kind.BYTES; // MySQL's BIT(n): the bits as bytes, most significant first
                    b = SchemaBuilder.bytes();
                } else {
                    kind = Kind.BOOLEAN;
                    b = SchemaBuilder.bool();
                }
            }
            case Types.TINYINT -> {
                kind = unsigned ? Kind.INT16 : Kind.INT8;
                b = unsigned ? SchemaBuilder.int16() : SchemaBuilder.int8();
            }
            case Types.SMALLINT -> {
                kind = unsigned ? Kind.INT32 : Kind.INT16;
                b = unsigned ? SchemaBuilder.int32() : SchemaBuilder.int16();
            }
            case Types.INTEGER -> {
                kind = unsigned ? Kind.INT64 : Kind.INT32;
                b = unsigned ? SchemaBuilder.int64() : SchemaBuilder.int32();
            }
            case Types.BIGINT -> {
                kind = unsigned ? Kind.UNSIGNED_BIGINT : Kind.INT64;
                b = unsigned ? Decimal.builder(0) : SchemaBuilder.int64();
            }
            case Types.REAL -> {
                kind = Kind.FLOAT32;
                b = SchemaBuilder.float32();
            }
            case Types.FLOAT, Types.DOUBLE -> {
                kind = Kind.FLOAT64;
                b = SchemaBuilder.float64();
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                int precision = md.getPrecision(i);
                if (precision <= 0 || precision > 1000) {
                    // PostgreSQL's numeric without precision: no fixed scale, so its exact text
                    kind = Kind.STRING;
                    b = SchemaBuilder.string();
                } else {
                    kind = Kind.DECIMAL;
                    b = Decimal.builder(Math.max(0, md.getScale(i)))
                            .parameter("connect.decimal.precision", Integer.toString(precision));
                }
            }
            case Types.DATE -> {
                kind = typeName.equals("YEAR") ? Kind.YEAR : Kind.DATE;
                b = kind == Kind.YEAR ? SchemaBuilder.int32() : Date.builder();
            }
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> {
                kind = Kind.TIME;
                b = Time.builder();
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                kind = Kind.TIMESTAMP;
                b = Timestamp.builder();
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                kind = Kind.BYTES;
                b = SchemaBuilder.bytes();
            }
            default -> {
                // CHAR, VARCHAR, TEXT, CLOB, JSON, PostgreSQL's json/jsonb/uuid/...: their text
                kind = Kind.STRING;
                b = SchemaBuilder.string();
            }
        }
        if (typeName.equals("YEAR")) {
            kind = Kind.YEAR;
            b = SchemaBuilder.int32();
        }
        if (optional) {
            b.optional();
        }
        return new SourceColumn(name, kind, b.build());
    }

    /** The value of this column (1-based {@code i}) in the current row, as its schema holds it. */
    public Object read(ResultSet rs, int i, Calendar dbZone) throws SQLException {
        Object v = switch (kind) {
            case BOOLEAN -> rs.getBoolean(i);
            case INT8 -> rs.getByte(i);
            case INT16 -> rs.getShort(i);
            case INT32 -> rs.getInt(i);
            case INT64 -> rs.getLong(i);
            case YEAR -> {
                java.sql.Date d = rs.getDate(i);
                if (d == null) {
                    yield null;
                }
                Calendar c = Calendar.getInstance();
                c.setTime(d);
                yield c.get(Calendar.YEAR);
            }
            case UNSIGNED_BIGINT -> {
                Object o = rs.getObject(i);
                yield o == null ? null : o instanceof BigInteger bi ? new BigDecimal(bi)
                        : new BigDecimal(o.toString());
            }
            case FLOAT32 -> rs.getFloat(i);
            case FLOAT64 -> rs.getDouble(i);
            case DECIMAL -> {
                BigDecimal d = rs.getBigDecimal(i);
                int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                yield d == null ? null : d.setScale(scale);
            }
            case STRING -> rs.getString(i);
            case BYTES -> rs.getBytes(i);
            case DATE -> {
                java.sql.Date d = rs.getDate(i, utc());
                yield d == null ? null : new java.util.Date(d.getTime());
            }
            case TIME -> {
                java.sql.Time t = rs.getTime(i, utc());
                yield t == null ? null : new java.util.Date(Math.floorMod(t.getTime(), 86_400_000L));
            }
            case TIMESTAMP -> {
                java.sql.Timestamp t = rs.getTimestamp(i, dbZone);
                yield t == null ? null : new java.util.Date(t.getTime());
            }
        };
        return rs.wasNull() ? null : v;
    }

    /**
     * The value of this column as an increment watermark: as {@link #read}, but a timestamp keeps its microseconds
     * (a {@link java.sql.Timestamp}), so that a run starting above it does not read the same row again.
     */
    public Object readIncrement(ResultSet rs, int i, Calendar dbZone, Object read) throws SQLException {
        return kind == Kind.TIMESTAMP && read != null ? rs.getTimestamp(i, dbZone) : read;
    }

    /** A value of this column as text: in a resume position, the next increment value, a message. */
    public String text(Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case DECIMAL, UNSIGNED_BIGINT -> ((BigDecimal) value).toPlainString();
            case BYTES -> Base64.getEncoder().encodeToString((byte[]) value);
            case DATE -> LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L))
                    .toString();
            case TIME -> LocalTime.ofNanoOfDay(((java.util.Date) value).getTime() * 1_000_000L).toString();
            case TIMESTAMP -> value instanceof java.sql.Timestamp t ? t.toInstant().toString()
                    : Instant.ofEpochMilli(((java.util.Date) value).getTime()).toString();
            default -> value.toString();
        };
    }

    /**
     * A value of this column read back from its {@link #text}, or typed by a user ({@code pkuse.lastincrementvalue}):
     * a timestamp may also be epoch milliseconds or {@code yyyy-MM-dd HH:mm:ss[.fff]} in {@code db.timezone}.
     *
     * @throws IllegalArgumentException naming the expected form, not the text
     */
    public Object parse(String text, ZoneId dbZone) {
        String t = text.trim();
        try {
            return switch (kind) {
                case BOOLEAN -> Boolean.parseBoolean(t);
                case INT8 -> Byte.parseByte(t);
                case INT16 -> Short.parseShort(t);
                case INT32, YEAR -> Integer.parseInt(t);
                case INT64 -> Long.parseLong(t);
                case FLOAT32 -> Float.parseFloat(t);
                case FLOAT64 -> Double.parseDouble(t);
                case DECIMAL, UNSIGNED_BIGINT -> new BigDecimal(t);
                case STRING -> text;
                case BYTES -> Base64.getDecoder().decode(t);
                case DATE -> new java.util.Date(LocalDate.parse(t).toEpochDay() * 86_400_000L);
                case TIME -> new java.util.Date(LocalTime.parse(t).toNanoOfDay() / 1_000_000L);
                case TIMESTAMP -> parseTimestamp(t, dbZone);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot be read as a value of column " + name + " ("
                    + kind.name().toLowerCase(Locale.ROOT) + expectedForm() + ")");
        }
    }

    private String expectedForm() {
        return switch (kind) {
            case DATE -> ": yyyy-MM-dd";
            case TIME -> ": HH:mm:ss";
            case TIMESTAMP -> ": epoch milliseconds, an ISO instant or yyyy-MM-dd HH:mm:ss[.fff]";
            default -> "";
        };
    }

    /** With the text's full precision (an increment watermark may have microseconds). */
    private static java.sql.Timestamp parseTimestamp(String t, ZoneId dbZone) {
        if (t.matches("-?\\d+")) {
            return new java.sql.Timestamp(Long.parseLong(t));
        }
        if (t.endsWith("Z")) {
            return java.sql.Timestamp.from(Instant.parse(t));
        }
        return java.sql.Timestamp.from(LocalDateTime.parse(t.replace(' ', 'T')).atZone(dbZone).toInstant());
    }

    /** Binds a value of this column (as {@link #read} returns it) as parameter {@code i}. */
    public void bind(PreparedStatement ps, int i, Object value, Calendar dbZone) throws SQLException {
        if (value == null) {
            ps.setObject(i, null);
            return;
        }
        switch (kind) {
            case DATE -> ps.setDate(i, new java.sql.Date(((java.util.Date) value).getTime()), utc());
            case TIME -> ps.setTime(i, new java.sql.Time(((java.util.Date) value).getTime()), utc());
            case TIMESTAMP -> ps.setTimestamp(i, value instanceof java.sql.Timestamp t ? t
                    : new java.sql.Timestamp(((java.util.Date) value).getTime()), dbZone);
            case BYTES -> ps.setBytes(i, (byte[]) value);
            case DECIMAL, UNSIGNED_BIGINT -> ps.setBigDecimal(i, (BigDecimal) value);
            default -> ps.setObject(i, value);
        }
    }

    private static Calendar utc() {
        return Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
    }
}
