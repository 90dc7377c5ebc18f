package org.pkuse.connect.hbase.scan;

import java.util.List;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.filter.Filter;
import org.pkuse.connect.hbase.mapping.ResolvedColumn;

/**
 * What one run reads: the table, the mapped columns, the row-key range, the time bounds, and how.
 *
 * @param columns      the resolved mapped columns (the row-key field included, it is not read as a column)
 * @param range        the row-key range left to read (after the last committed row when resuming)
 * @param changedSince lower time bound (inclusive) for {@link Mode#CHANGED_ROWS}; ignored otherwise
 * @param upTo         upper time bound (exclusive), fixed at the run's start: cells written later are not seen
 * @param pushDown     an HBase filter equivalent to part of the client-side checks, or null
 * @param caching      rows per scanner round trip and per Get batch
 */
public record ScanPlan(TableName table, List<ResolvedColumn> columns, KeyRange range, Mode mode, long changedSince,
                       long upTo, Filter pushDown, int caching) {

    public enum Mode {
        /** Every row with a mapped cell older than {@code upTo}. */
        ALL_ROWS,
        /**
         * Every row with a mapped cell in [{@code changedSince}, {@code upTo}), read whole (all mapped cells older
         * than {@code upTo}): found by a key-only time-range scan, then fetched with batched Gets.
         */
        CHANGED_ROWS
    }

    public ScanPlan withRange(KeyRange other) {
        return new ScanPlan(table, columns, other, mode, changedSince, upTo, pushDown, caching);
    }
}
