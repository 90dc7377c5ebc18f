package org.pkuse.connect.hbase.mapping;

import java.util.Locale;

/** How cell values (and row keys) are written in HBase. */
public enum ValueEncoding {
    /** UTF-8 text, parsed per field type (what shells, scripts and most loaders write). */
    STRING,
    /** HBase {@code Bytes.toBytes(...)} encodings: 4-byte int, 8-byte long/double/epoch millis, and so on. */
    BINARY;

    public static ValueEncoding parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
