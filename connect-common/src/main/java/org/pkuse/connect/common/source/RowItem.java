package org.pkuse.connect.common.source;

/** What a run's reader hands to the task, in the run's order. */
public sealed interface RowItem {

    /** A row to send. */
    record Row(SourceRow row) implements RowItem {
    }

    /** A row whose values cannot be converted; its message names the field, not the value (unless asked). */
    record Bad(Exception error) implements RowItem {
    }

    /** Reading failed (the store unreachable, the table gone, ...). */
    record Failure(Throwable error) implements RowItem {
    }
}
