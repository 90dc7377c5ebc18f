package org.pkuse.connect.hbase.run;

import java.util.Date;

import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.hbase.mapping.CellDecoder;

/** Parsing of the increment watermark: cell timestamps, or a value of the increment field. */
public final class IncrementBounds {

    private static final FieldType TIMESTAMP = new FieldType(FieldType.Kind.TIMESTAMP, 0, 0);

    private IncrementBounds() {
    }

    /** Epoch milliseconds, or a datetime in the configured pattern. */
    public static long parseTimestamp(String text, CellDecoder decoder) throws ConversionException {
        String t = text.trim();
        if (t.matches("-?\\d+")) {
            return Long.parseLong(t);
        }
        Object v = decoder.parse(t, TIMESTAMP);
        return ((Date) v).getTime();
    }

    /**
     * A watermark a run starts from; {@code what} names where it comes from. The error quotes the text only when
     * {@code showValue}: a watermark is the greatest value of a field that an earlier run sent.
     *
     * @param type the increment field's type, or null for cell timestamps (the result is then epoch milliseconds)
     */
    static Object parse(String what, String text, FieldType type, CellDecoder decoder, boolean showValue) {
        try {
            return type == null ? parseTimestamp(text, decoder) : decoder.parse(text, type);
        } catch (ConversionException e) {
            throw new ConnectException(what + (showValue ? " '" + text + "' " : " ") + e.getMessage());
        }
    }
}
