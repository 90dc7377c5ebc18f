package org.pkuse.connect.hbase.mapping;

/** A cell value that cannot be converted to its field's type. */
public class ConversionException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConversionException(String message) {
        super(message);
    }
}
