package org.pkuse.connect.hbase.sink;

/**
 * A record this sink cannot write: a value that does not fit its type, a null or missing row-key field, a nested
 * value without a type. The message names the field and what was expected, never the value.
 */
public class BadRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public BadRecordException(String message) {
        super(message);
    }
}
