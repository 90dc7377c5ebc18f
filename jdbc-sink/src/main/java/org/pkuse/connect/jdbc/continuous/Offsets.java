package org.pkuse.connect.jdbc.continuous;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.jdbc.source.SourceColumn;

/**
 * Continuous mode's source offsets, in Confluent's form where it has one ({@code incrementing}, {@code timestamp},
 * {@code timestamp_nanos}), so that offsets stored by Confluent's connector under the same name are read; a
 * timestamp offset also carries the row's position ({@code position}: its timestamp and primary key), because
 * several rows may share a timestamp and a resumed query must start after the exact row.
 */
final class Offsets {

    static final String INCREMENTING = "incrementing";
    static final String TIMESTAMP = "timestamp";
    static final String TIMESTAMP_NANOS = "timestamp_nanos";
    static final String POSITION = "position";

    private Offsets() {
    }

    /** An incrementing column's value: a long where it is one (Confluent's form), else its text. */
    static Map<String, Object> incrementing(Object value) {
        Object stored = value;
        if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
            BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
            try {
                stored = d.longValueExact();
            } catch (ArithmeticException e) {
                stored = d.toPlainString(); // BIGINT UNSIGNED above Long.MAX_VALUE
            }
        } else if (value != null && !(value instanceof String)) {
            stored = value.toString();
        }
        return Map.of(INCREMENTING, stored);
    }

    static Map<String, Object> timestamp(Object value, byte[] position, SourceColumn column) {
        Map<String, Object> offset = new HashMap<>();
        if (value instanceof Timestamp t) {
            offset.put(TIMESTAMP, t.getTime());
            offset.put(TIMESTAMP_NANOS, (long) t.getNanos());
        } else if (value instanceof java.util.Date d) {
            offset.put(TIMESTAMP, d.getTime());
        } else if (value != null) {
            offset.put(TIMESTAMP, column.text(value));
        }
        offset.put(POSITION, Base64.getEncoder().encodeToString(position));
        return offset;
    }

    static byte[] decodePosition(String text) {
        return Base64.getDecoder().decode(text);
    }

    /**
     * The stored value as the next query's lower bound: the column's text, or "timestamp,id" for
     * timestamp+incrementing.
     */
    static String watermark(Map<String, Object> offset, SourceColumn column) {
        Object inc = offset.get(INCREMENTING);
        Object ts = offset.get(TIMESTAMP);
        String time = null;
        if (ts instanceof Number millis) {
            Timestamp t = new Timestamp(millis.longValue());
            if (offset.get(TIMESTAMP_NANOS) instanceof Number nanos) {
                t.setNanos(nanos.intValue());
            }
            time = column.text(t);
        } else if (ts != null) {
            time = ts.toString();
        }
        if (time != null && inc != null) {
            return time + "," + inc;
        }
        if (time != null || inc != null) {
            return time != null ? time : inc.toString();
        }
        throw new ConnectException("The stored offset " + offset.keySet() + " has neither " + INCREMENTING + " nor "
                + TIMESTAMP + ": was the connector's mode changed? Delete its offsets or rename the connector");
    }
}
