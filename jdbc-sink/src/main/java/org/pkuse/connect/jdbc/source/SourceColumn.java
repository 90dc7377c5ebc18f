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
import java.util.TimeZone;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;

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

    /** The column {@code i} (1-based) of the result set's metadata, as {@code dialect}'s driver describes it. */
    public static SourceColumn of(ResultSetMetaData md, int i, DatabaseDialect dialect) throws SQLException {
        String name = md.getColumnLabel(i);
        boolean optional = md.isNullable(i) != ResultSetMetaData.columnNoNulls;
        String typeName = String.valueOf(md.getColumnTypeName(i)).toUpperCase(Locale.ROOT);
        // a YEAR column is a year, whichever JDBC type the driver reports for it
        FieldType type = typeName.equals("YEAR") ? new FieldType(Kind.YEAR, SchemaBuilder.int32())
                : byJdbcType(md, i, typeName, dialect);
        if (optional) {
            type.schema().optional();
        }
        return new SourceColumn(name, type.kind(), type.schema().build());
    }

    /** How a column is read, and its schema still to be finished (optional or not). */
    private record FieldType(Kind kind, SchemaBuilder schema) {
    }

    private static FieldType byJdbcType(ResultSetMetaData md, int i, String typeName, DatabaseDialect dialect)
            throws SQLException {
        boolean unsigned = !md.isSigned(i) || typeName.contains("UNSIGNED");
        return switch (md.getColumnType(i)) {
            case Types.BIT, Types.BOOLEAN -> bits(md, i, dialect);
            case Types.TINYINT -> unsigned ? new FieldType(Kind.INT16, SchemaBuilder.int16())
                    : new FieldType(Kind.INT8, SchemaBuilder.int8());
            case Types.SMALLINT -> unsigned ? new FieldType(Kind.INT32, SchemaBuilder.int32())
                    : new FieldType(Kind.INT16, SchemaBuilder.int16());
            case Types.INTEGER -> unsigned ? new FieldType(Kind.INT64, SchemaBuilder.int64())
                    : new FieldType(Kind.INT32, SchemaBuilder.int32());
            case Types.BIGINT -> unsigned ? new FieldType(Kind.UNSIGNED_BIGINT, Decimal.builder(0))
                    : new FieldType(Kind.INT64, SchemaBuilder.int64());
            case Types.REAL -> new FieldType(Kind.FLOAT32, SchemaBuilder.float32());
            case Types.FLOAT, Types.DOUBLE -> new FieldType(Kind.FLOAT64, SchemaBuilder.float64());
            case Types.DECIMAL, Types.NUMERIC -> decimal(md, i);
            case Types.DATE -> new FieldType(Kind.DATE, Date.builder());
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> new FieldType(Kind.TIME, Time.builder());
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> new FieldType(Kind.TIMESTAMP, Timestamp.builder());
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    new FieldType(Kind.BYTES, SchemaBuilder.bytes());
            // CHAR, VARCHAR, TEXT, CLOB, JSON, PostgreSQL's json/jsonb/uuid/...: their text
            default -> new FieldType(Kind.STRING, SchemaBuilder.string());
        };
    }

    /** One bit is a boolean; more are bytes, most significant first, or text where the driver gives them so. */
    private static FieldType bits(ResultSetMetaData md, int i, DatabaseDialect dialect) throws SQLException {
        if (md.getPrecision(i) > 1 && md.getColumnType(i) == Types.BIT) {
            return dialect.readsBitsAsText(md) ? new FieldType(Kind.STRING, SchemaBuilder.string())
                    : new FieldType(Kind.BYTES, SchemaBuilder.bytes());
        }
        return new FieldType(Kind.BOOLEAN, SchemaBuilder.bool());
    }

    /** A decimal keeps its scale; without a precision (PostgreSQL's numeric) there is no fixed scale: its text. */
    private static FieldType decimal(ResultSetMetaData md, int i) throws SQLException {
        int precision = md.getPrecision(i);
        if (precision <= 0 || precision > 1000) {
            return new FieldType(Kind.STRING, SchemaBuilder.string());
        }
        return new FieldType(Kind.DECIMAL, Decimal.builder(Math.max(0, md.getScale(i)))
                .parameter("connect.decimal.precision", Integer.toString(precision)));
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
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
