package org.pkuse.connect.hbase.sink;

import java.util.Locale;

/** What a null field does to its cell ({@code pkuse.hbase.null.mode}). */
public enum NullMode {
    /** Nothing: the cell keeps what it had. */
    SKIP,
    /** The cell is deleted (all its versions up to the write's timestamp). */
    DELETE,
    /** The cell becomes empty (zero bytes). */
    EMPTY;

    public static NullMode parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
