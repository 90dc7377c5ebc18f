package org.pkuse.connect.hbase.mapping;

import org.pkuse.connect.common.mapping.FieldType;

/**
 * A row with a cell that cannot be converted. The message names the column, the field, its type and the reason;
 * the row key and the raw value only where {@link RowMapper} was allowed to show them
 * ({@code pkuse.errors.include.values}, never for a masked field).
 */
public class RowConversionException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param rowKey the row key as text, or null to leave it out
     * @param value  the raw cell as shown ({@link CellDecoder#show}), or a note on why it is hidden
     */
    public RowConversionException(String rowKey, String column, String field, FieldType type, String value,
                                  String reason) {
        super((rowKey == null ? "Column " : "Row key '" + rowKey + "', column ") + column + " (field " + field
                + ", fieldType " + type + "), value " + value + ": " + reason);
    }
}
