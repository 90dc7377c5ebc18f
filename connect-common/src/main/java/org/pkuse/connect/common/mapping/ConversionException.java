package org.pkuse.connect.common.mapping;

/**
 * A cell value that cannot be converted to its field's type. The message never holds the value (rows may hold
 * personal data); {@link #detail()} is the parser's own text, which may quote it.
 */
public class ConversionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String detail;

    public ConversionException(String message) {
        this(message, null);
    }

    public ConversionException(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    /** The parser's message, which may quote the value; null when there is none. */
    public String detail() {
        return detail;
    }
}
