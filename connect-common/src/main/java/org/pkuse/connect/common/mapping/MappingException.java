package org.pkuse.connect.common.mapping;

/** A field mapping that cannot be used; the message names the array index and the property. */
public class MappingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(message);
    }
}
