package org.pkuse.connect.hbase.scan;

import org.pkuse.connect.hbase.mapping.MappedRow;
import org.pkuse.connect.hbase.mapping.RowConversionException;

/** What a region scan hands to the emitting thread, in row-key order. */
public sealed interface ScanItem {

    /** A row to send. */
    record Row(MappedRow row) implements ScanItem {
    }

    /** A row whose values cannot be converted. */
    record Bad(RowConversionException error) implements ScanItem {
    }

    /** The scan failed (HBase unreachable, table gone, ...). */
    record Failure(Throwable error) implements ScanItem {
    }
}
