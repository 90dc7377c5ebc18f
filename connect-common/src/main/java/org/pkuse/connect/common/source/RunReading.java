package org.pkuse.connect.common.source;

/**
 * One run's rows as a source plans them: with the bounds fixed, counted and read the same way, so that the count
 * is the exact number of rows the reader hands out.
 */
public interface RunReading {

    /** How many rows the run will read (the job's {@code predictedTotal}). */
    long count() throws Exception;

    /**
     * The run's upper bound on its increment field, fixed by {@link #count} (or given to the plan), kept in the
     * offset for a resumed run; "" when the source has none.
     */
    default String bound() {
        return "";
    }

    /** Starts reading; called once, after {@link #count} for a new run, alone for a resumed one. */
    RowStream open() throws Exception;

    /** Gives back what {@link #count} holds when the run is not read after all (it had finished before). */
    default void release() {
    }

    /**
     * Whether a run without an increment field still has a watermark: the time it read up to (HBase cell
     * timestamps), which its 'end' event gives as the next value. False where time means nothing to the source (a
     * database table's full sync): the next value is then empty.
     */
    default boolean timeWatermark() {
        return true;
    }

    /** The increment field's handling, or null when the run is not incremental by field. */
    Increments increments();

    /** The increment field's lower bound, parsed (null from the beginning). */
    Object fromValue();

    /** What the run reads, for its log line (no row values unless they may be shown). */
    String describe();

    /** The row at {@code position} as a message may name it: a value, so null unless values may be shown. */
    String shownPosition(byte[] position);
}
