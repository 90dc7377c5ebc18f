package org.pkuse.connect.jdbc.source;

import java.util.List;
import java.util.function.BiFunction;

import org.pkuse.connect.common.source.Increments;

/**
 * A run's increment values compared, written and read back: one column's values, or (timestamp then id) pairs
 * compared by the first, then the second, written {@code <first>,<second>}.
 */
final class IncrementOrder implements Increments {

    private final SourceColumn column;
    private final SourceColumn tieBreak;
    private final BiFunction<String, String, Object> parser;

    IncrementOrder(SourceColumn column, SourceColumn tieBreak, BiFunction<String, String, Object> parser) {
        this.column = column;
        this.tieBreak = tieBreak;
        this.parser = parser;
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof List<?> x && b instanceof List<?> y) {
            int c = compareValues(x.get(0), y.get(0));
            return c != 0 ? c : compareValues(x.get(1), y.get(1));
        }
        return compareValues(a, b);
    }

    @Override
    public String format(Object value) {
        return value instanceof List<?> t ? column.text(t.get(0)) + "," + tieBreak.text(t.get(1)) : column.text(value);
    }

    @Override
    public Object parse(String what, String text) {
        return parser.apply(what, text);
    }

    /** Nulls first (a run's bounds leave rows without a value out; this only keeps compare total). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return ((Comparable) a).compareTo(b);
    }
}
