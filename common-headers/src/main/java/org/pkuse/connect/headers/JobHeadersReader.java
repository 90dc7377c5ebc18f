package org.pkuse.connect.headers;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * Reads the job headers back, in the typed form our sources write and in the forms a worker's header converter
 * turns them into on the way to a sink: {@code StringConverter} gives strings ("100003", "2000", "false"),
 * {@code SimpleHeaderConverter} parses those strings into the narrowest number or boolean it can.
 */
public final class JobHeadersReader {

    private JobHeadersReader() {
    }

    /**
     * Returns the job headers, or empty when the record carries none of them (a record from a producer that does
     * not take part in jobs).
     *
     * @throws DataException when some job headers are present but a required one is missing or malformed
     */
    public static Optional<JobHeaders> read(Headers headers) {
        if (headers == null) {
            return Optional.empty();
        }
        Header taskId = headers.lastWithName(JobHeaders.TASK_ID);
        Header predicted = headers.lastWithName(JobHeaders.PREDICTED_TOTAL);
        Header index = headers.lastWithName(JobHeaders.CURRENT_INDEX);
        Header isEnd = headers.lastWithName(JobHeaders.IS_END);
        if (taskId == null && predicted == null && index == null && isEnd == null) {
            return Optional.empty();
        }
        String task = readTaskId(required(taskId, JobHeaders.TASK_ID));
        long total = readLong(required(predicted, JobHeaders.PREDICTED_TOTAL));
        long current = readLong(required(index, JobHeaders.CURRENT_INDEX));
        boolean end = isEnd != null && readBoolean(isEnd);
        if (total < 0) {
            throw malformed(JobHeaders.PREDICTED_TOTAL, total, "a count >= 0");
        }
        if (current < 1 && !(current == 0 && total == 0 && end)) {
            throw malformed(JobHeaders.CURRENT_INDEX, current, "a position >= 1 (indexes start at 1; 0 only on the "
                    + "empty-run marker, with predictedTotal 0 and isEnd true)");
        }
        Header rerunHeader = headers.lastWithName(JobHeaders.RERUN);
        long rerun = rerunHeader == null || rerunHeader.value() == null ? 0 : readLong(rerunHeader);
        if (rerun < 0) {
            throw malformed(JobHeaders.RERUN, rerun, "a rerun number >= 0");
        }
        return Optional.of(new JobHeaders(task, total, current, end, rerun));
    }

    private static Header required(Header header, String name) {
        if (header == null || header.value() == null) {
            throw new DataException("Job header '" + name + "' is missing; a record that carries any of "
                    + JobHeaders.TASK_ID + ", " + JobHeaders.PREDICTED_TOTAL + ", " + JobHeaders.CURRENT_INDEX
                    + " must carry all three");
        }
        return header;
    }

    private static String readTaskId(Header header) {
        Object value = unwrapBytes(header.value());
        String text;
        if (value instanceof String s) {
            text = s.trim();
        } else if (value instanceof Byte || value instanceof Short || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger) {
            text = value.toString();
        } else {
            throw malformed(JobHeaders.TASK_ID, value, "a string (the job id)");
        }
        if (text.isEmpty()) {
            throw malformed(JobHeaders.TASK_ID, value, "a non-empty string (the job id)");
        }
        return text;
    }

    private static long readLong(Header header) {
        Object value = unwrapBytes(header.value());
        String expected = "an int64, or its decimal string form such as \"2000\"";
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            try {
                return big.longValueExact();
            } catch (ArithmeticException e) {
                throw malformed(header.key(), value, expected);
            }
        }
        if (value instanceof BigDecimal dec) {
            try {
                return dec.longValueExact();
            } catch (ArithmeticException e) {
                throw malformed(header.key(), value, expected);
            }
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw malformed(header.key(), value, expected);
            }
        }
        throw malformed(header.key(), value, expected);
    }

    private static boolean readBoolean(Header header) {
        Object value = unwrapBytes(header.value());
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false") || t.isEmpty()) {
                return false;
            }
        }
        throw malformed(JobHeaders.IS_END, value, "a boolean, or the string \"true\" or \"false\"");
    }

    /** A header converter that hands over raw bytes (ByteArrayConverter) carries the text form as UTF-8. */
    private static Object unwrapBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value;
    }

    private static DataException malformed(String name, Object value, String expected) {
        String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        String type = value == null ? "null" : value.getClass().getSimpleName();
        return new DataException("Job header '" + name + "' has value " + shown + " (" + type + "); expected "
                + expected);
    }
}
