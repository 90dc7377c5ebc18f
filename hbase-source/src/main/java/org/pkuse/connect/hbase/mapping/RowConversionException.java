package org.pkuse.connect.hbase.mapping;

/** A row with a cell that cannot be converted: names the row key, the column, the raw value and the type. */
public class RowConversionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String rowKey;

    public RowConversionException(String rowKey, String column, String field, byte[] raw, FieldType type,
                                  String reason) {
        super("Row key '" + rowKey + "', column " + column + " (field " + field + ", fieldType " + type + "), value "
                + CellDecoder.show(raw) + ": " + reason);
        this.rowKey = rowKey;
    }

    public String rowKey() {
        return rowKey;
    }
}
