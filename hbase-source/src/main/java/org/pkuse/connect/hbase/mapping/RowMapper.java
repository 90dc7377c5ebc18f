package org.pkuse.connect.hbase.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.pkuse.connect.common.mapping.ConversionException;
import org.pkuse.connect.common.mapping.FieldMapping;
import org.pkuse.connect.common.source.SourceRow;

/**
 * Converts HBase rows into record keys and values: each mapped cell through the {@link CellDecoder}, then the
 * field's {@code limitcondition} (on the converted value) and {@code maprule}. Thread-safe; used by the scan
 * threads in parallel.
 */
public final class RowMapper {

    private final List<ResolvedColumn> columns;
    private final CellDecoder decoder;
    private final CellDecoder rowKeyDecoder;
    private final Schema valueSchema;
    private final Schema keySchema;
    private final boolean keyIsRowKey;
    private final int incrementColumn;
    private final Object incrementAfter;
    private final boolean includeValues;
    /** The row key may be shown in errors: values are included, and the field holding it is not masked. */
    private final boolean showRowKey;
    private final Field[] fields;
    /** Indexes into {@code columns} of the cell columns, in the order HBase returns cells. */
    private final int[] byColumn;

    /**
     * @param incrementColumn index in {@code columns} of the increment field, or -1
     * @param incrementAfter  only rows whose increment field is greater than this pass; null: no lower bound
     * @param includeValues   conversion errors may show the row key and the cell value
     *                        ({@code pkuse.errors.include.values}); masked fields stay hidden either way
     */
    public RowMapper(List<ResolvedColumn> columns, CellDecoder decoder, CellDecoder rowKeyDecoder,
                     String schemaName, int incrementColumn, Object incrementAfter, boolean includeValues) {
        this.columns = List.copyOf(columns);
        this.decoder = decoder;
        this.rowKeyDecoder = rowKeyDecoder;
        this.incrementColumn = incrementColumn;
        this.incrementAfter = incrementAfter;
        this.includeValues = includeValues;
        this.showRowKey = includeValues && columns.stream().noneMatch(c -> c.isRowKey() && c.field().rule().masks());
        SchemaBuilder value = SchemaBuilder.struct().name(schemaName).optional();
        SchemaBuilder key = SchemaBuilder.struct().name(schemaName + ".Key");
        boolean anyKey = false;
        for (ResolvedColumn c : columns) {
            value.field(c.field().target(), c.field().type().schema());
            if (c.field().pk()) {
                key.field(c.field().target(), c.field().type().schema());
                anyKey = true;
            }
        }
        this.valueSchema = value.build();
        this.fields = new Field[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = valueSchema.field(columns.get(i).field().target());
        }
        List<Integer> cellColumns = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).isRowKey()) {
                cellColumns.add(i);
            }
        }
        // HBase's cell order: family, then qualifier, as unsigned bytes.
        cellColumns.sort((a, b) -> {
            ResolvedColumn x = columns.get(a);
            ResolvedColumn y = columns.get(b);
            int d = Bytes.compareTo(x.family(), y.family());
            return d != 0 ? d : Bytes.compareTo(x.qualifier(), y.qualifier());
        });
        this.byColumn = cellColumns.stream().mapToInt(Integer::intValue).toArray();
        this.keyIsRowKey = !anyKey;
        this.keySchema = anyKey ? key.build() : Schema.STRING_SCHEMA;
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    public Schema keySchema() {
        return keySchema;
    }

    /** The row key as errors and logs may show it; null when it is hidden. */
    public String shownRowKey(byte[] row) {
        return showRowKey ? rowKeyText(row) : null;
    }

    public boolean hasClientSideFilter() {
        return incrementColumn >= 0 || columns.stream().anyMatch(c -> c.field().condition() != null);
    }

    /**
     * Maps a row; null when a {@code limitcondition} or the increment bound leaves it out.
     *
     * @throws RowConversionException when a cell cannot be converted to its type
     */
    public SourceRow map(Result result) throws RowConversionException {
        byte[] row = result.getRow();
        byte[][] cellValues = cellValues(result);
        Struct value = new Struct(valueSchema);
        Object incrementValue = null;
        for (int i = 0; i < columns.size(); i++) {
            ResolvedColumn c = columns.get(i);
            FieldMapping f = c.field();
            byte[] raw = c.isRowKey() ? row : cellValues[i];
            Object v;
            try {
                v = (c.isRowKey() ? rowKeyDecoder : decoder).decode(raw, f.type());
            } catch (ConversionException e) {
                throw conversionError(row, c, raw, e);
            }
            if (f.condition() != null && !f.condition().test(v)) {
                return null;
            }
            if (i == incrementColumn) {
                if (v == null || (incrementAfter != null && compare(v, incrementAfter) <= 0)) {
                    return null;
                }
                incrementValue = v;
            }
            value.put(fields[i], f.rule().apply(v));
        }
        Object key;
        if (keyIsRowKey) {
            key = rowKeyText(row);
        } else {
            Struct k = new Struct(keySchema);
            for (ResolvedColumn c : columns) {
                if (c.field().pk()) {
                    k.put(c.field().target(), value.get(c.field().target()));
                }
            }
            key = k;
        }
        return new SourceRow(row, key, value, incrementValue);
    }

    private RowConversionException conversionError(byte[] row, ResolvedColumn c, byte[] raw, ConversionException e) {
        FieldMapping f = c.field();
        boolean showValue = c.isRowKey() ? showRowKey : includeValues && !f.rule().masks();
        String value = showValue ? CellDecoder.show(raw) : !includeValues ? "hidden" : "hidden (masked field)";
        String reason = showValue && e.detail() != null ? e.getMessage() + " (" + e.detail() + ")" : e.getMessage();
        return new RowConversionException(showRowKey ? rowKeyText(row) : null, c.columnName(), f.target(),
                f.type(), value, reason);
    }

    /**
     * The value of each mapped cell column (null where the row has no such cell), in one pass over the row's sorted
     * cells: {@code Result.getValue} searches the row once per column, comparing whole keys.
     */
    private byte[][] cellValues(Result result) {
        byte[][] values = new byte[columns.size()][];
        Cell[] cells = result.rawCells();
        if (cells == null) {
            return values;
        }
        int j = 0;
        for (Cell cell : cells) {
            // Skip the mapped columns that sort before this cell: the row has none of them.
            while (j < byColumn.length && !matches(cell, byColumn[j]) && compareColumn(cell, byColumn[j]) > 0) {
                j++;
            }
            // Every mapping of this column takes the cell; the first cell of a column is its newest version.
            for (int k = j; k < byColumn.length && matches(cell, byColumn[k]); k++) {
                if (values[byColumn[k]] == null) {
                    values[byColumn[k]] = CellUtil.cloneValue(cell);
                }
            }
        }
        return values;
    }

    private boolean matches(Cell cell, int column) {
        ResolvedColumn c = columns.get(column);
        return CellUtil.matchingColumn(cell, c.family(), c.qualifier());
    }

    private int compareColumn(Cell cell, int column) {
        ResolvedColumn c = columns.get(column);
        int d = Bytes.compareTo(cell.getFamilyArray(), cell.getFamilyOffset(), cell.getFamilyLength(), c.family(), 0,
                c.family().length);
        return d != 0 ? d : Bytes.compareTo(cell.getQualifierArray(), cell.getQualifierOffset(),
                cell.getQualifierLength(), c.qualifier(), 0, c.qualifier().length);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    /** The row key as text: UTF-8 when it is, else HBase's printable binary form. */
    public static String rowKeyText(byte[] row) {
        if (CellDecoder.isAscii(row)) {
            return new String(row, StandardCharsets.ISO_8859_1); // the common case, without a decoder per row
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(row)).toString();
        } catch (CharacterCodingException e) {
            return Bytes.toStringBinary(row);
        }
    }
}
