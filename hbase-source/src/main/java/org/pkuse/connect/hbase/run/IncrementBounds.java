package org.pkuse.connect.hbase.run;

import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ConversionException;
import org.pkuse.connect.hbase.mapping.FieldType;

/** Parsing of the timestamp watermark. */
public final class IncrementBounds {
    private IncrementBounds() {
    }

    /** Epoch milliseconds, or a datetime in the configured pattern. */
    public static long parseTimestamp(String text, CellDecoder decoder) throws ConversionException {
        String t = text.trim();
        if (t.matches("-?\\d+")) {
            return Long.parseLong(t);
        }
        Object v = decoder.parse(t, new FieldType(FieldType.Kind.TIMESTAMP, 0, 0));
        return ((java.util.Date) v).getTime();
    }
}
