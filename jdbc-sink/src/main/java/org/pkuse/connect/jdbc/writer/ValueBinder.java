package org.pkuse.connect.jdbc.writer;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.schema.ColumnInfo;

/**
 * Binds one value to a statement parameter: by its Connect schema when it has one, else (schemaless JSON) by the
 * column's type in the table. Dates and times are written in {@code db.timezone}.
 */
public final class ValueBinder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZoneId zone;
    private final boolean wallClock;
    // One per binder, not one per value: drivers use only its time zone.
    private final Calendar calendar;

    /** {@code wallClock}: bind dates and times as {@code java.time} values in the zone (see the dialect). */
    public ValueBinder(TimeZone timeZone, boolean wallClock) {
        this.zone = timeZone.toZoneId();
        this.wallClock = wallClock;
        this.calendar = Calendar.getInstance(timeZone);
    }

    private Calendar calendar() {
        return calendar;
    }

    public void bind(PreparedStatement ps, int index, ColumnSpec column, ColumnInfo info, Object value)
            throws SQLException {
        Schema schema = column.schema();
        if (value == null) {
            ps.setNull(index, info != null ? info.jdbcType() : sqlTypeOf(schema));
            return;
        }
        if (schema != null) {
            bindWithSchema(ps, index, column, schema, value);
        } else {
            bindByColumn(ps, index, column, info, value);
        }
    }

    private void bindWithSchema(PreparedStatement ps, int index, ColumnSpec column, Schema schema, Object value)
            throws SQLException {
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    ps.setBigDecimal(index, (BigDecimal) value);
                    return;
                }
                case Date.LOGICAL_NAME -> {
                    long millis = ((java.util.Date) value).getTime();
                    if (wallClock) {
                        ps.setObject(index, wallClock(millis).toLocalDate());
                    } else {
                        ps.setDate(index, new java.sql.Date(millis), calendar());
                    }
                    return;
                }
                case Time.LOGICAL_NAME -> {
                    long millis = ((java.util.Date) value).getTime();
                    if (wallClock) {
                        ps.setObject(index, wallClock(millis).toLocalTime());
                    } else {
                        ps.setTime(index, new java.sql.Time(millis), calendar());
                    }
                    return;
                }
                case Timestamp.LOGICAL_NAME -> {
                    long millis = ((java.util.Date) value).getTime();
                    if (wallClock) {
                        ps.setObject(index, wallClock(millis));
                    } else {
                        ps.setTimestamp(index, new java.sql.Timestamp(millis), calendar());
                    }
                    return;
                }
                default -> {
                }
            }
        }
        switch (schema.type()) {
            case INT8 -> ps.setByte(index, (Byte) value);
            case INT16 -> ps.setShort(index, (Short) value);
            case INT32 -> ps.setInt(index, (Integer) value);
            case INT64 -> ps.setLong(index, (Long) value);
            case FLOAT32 -> ps.setFloat(index, (Float) value);
            case FLOAT64 -> ps.setDouble(index, (Double) value);
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case STRING -> ps.setString(index, (String) value);
            case BYTES -> ps.setBytes(index, bytes(value));
            case ARRAY, MAP, STRUCT -> ps.setString(index, json(value, column));
            default -> throw new DataException("Field '" + column.name() + "' has unsupported type "
                    + schema.type());
        }
    }

    private LocalDateTime wallClock(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    }

    private void bindByColumn(PreparedStatement ps, int index, ColumnSpec column, ColumnInfo info, Object value)
            throws SQLException {
        int type = info == null ? Types.OTHER : info.jdbcType();
        if (value instanceof Map || value instanceof List || value instanceof Struct) {
            ps.setString(index, json(value, column));
            return;
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            ps.setBytes(index, bytes(value));
            return;
        }
        switch (type) {
            case Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                if (value instanceof Number n) {
                    ps.setTimestamp(index, new java.sql.Timestamp(n.longValue()), calendar());
                } else if (value instanceof java.util.Date d) {
                    ps.setTimestamp(index, new java.sql.Timestamp(d.getTime()), calendar());
                } else {
                    ps.setObject(index, value.toString(), type);
                }
            }
            case Types.DECIMAL, Types.NUMERIC -> ps.setBigDecimal(index, decimal(value, column, info));
            case Types.BIGINT -> ps.setLong(index, number(value, column, info).longValue());
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> ps.setInt(index,
                    number(value, column, info).intValue());
            case Types.DOUBLE, Types.FLOAT, Types.REAL -> ps.setDouble(index,
                    number(value, column, info).doubleValue());
            case Types.BIT, Types.BOOLEAN -> ps.setBoolean(index, value instanceof Boolean b ? b
                    : Boolean.parseBoolean(value.toString()) || "1".equals(value.toString()));
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB -> ps.setString(index, value.toString());
            default -> ps.setObject(index, value);
        }
    }

    private static Number number(Object value, ColumnSpec column, ColumnInfo info) {
        if (value instanceof Number n) {
            return n;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return decimal(value, column, info);
    }

    private static BigDecimal decimal(Object value, ColumnSpec column, ColumnInfo info) {
        try {
            return value instanceof BigDecimal d ? d : new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            // Neither the value nor the parser's message (which quotes it): rows may hold personal data.
            throw new DataException(notA(column, info, value, "number"));
        }
    }

    /** Why a field's value does not fit its column: field, column type, the value's type, never the value. */
    static String notA(ColumnSpec column, ColumnInfo info, Object value, String expected) {
        return "Field '" + column.name() + "': column '" + (info == null ? column.name() : info.name()) + "'"
                + (info == null ? "" : " (" + info.typeName() + ")") + " needs a " + expected + ", and the value "
                + "is a " + (value == null ? "null" : value.getClass().getSimpleName()) + " that is not one";
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }
        return (byte[]) value;
    }

    private static String json(Object value, ColumnSpec column) {
        try {
            return JSON.writeValueAsString(value instanceof Struct s ? structToMap(s) : value);
        } catch (JsonProcessingException e) {
            throw new DataException("Field '" + column.name() + "' cannot be written as JSON", e);
        }
    }

    private static Object structToMap(Struct s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : s.schema().fields()) {
            Object v = s.get(f);
            m.put(f.name(), v instanceof Struct inner ? structToMap(inner) : v);
        }
        return m;
    }

    static int sqlTypeOf(Schema schema) {
        if (schema == null) {
            return Types.NULL;
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return Types.DECIMAL;
                case Date.LOGICAL_NAME:
                    return Types.DATE;
                case Time.LOGICAL_NAME:
                    return Types.TIME;
                case Timestamp.LOGICAL_NAME:
                    return Types.TIMESTAMP;
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8 -> Types.TINYINT;
            case INT16 -> Types.SMALLINT;
            case INT32 -> Types.INTEGER;
            case INT64 -> Types.BIGINT;
            case FLOAT32 -> Types.REAL;
            case FLOAT64 -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case BYTES -> Types.VARBINARY;
            default -> Types.VARCHAR;
        };
    }
}
