package org.pkuse.connect.common.mapping;

/**
 * Reads a literal of a mapping (a {@code limitcondition} value, a {@code default(v)}) as a value of its field's type,
 * the way the store's connector reads its values from text.
 */
@FunctionalInterface
public interface LiteralParser {

    /**
     * The text as a value of {@code type}; null for a blank text of a non-string type.
     *
     * @throws ConversionException saying what the text is not, without quoting it
     */
    Object parse(String text, FieldType type) throws ConversionException;
}
