package org.pkuse.connect.hbase.sink;

import java.io.IOException;

import org.apache.hadoop.hbase.TableName;

/**
 * Where a job's cells go, by write mode: straight into the target ({@link #append}), or into a staging table of
 * the job that replaces the target once the job is complete ({@link StagingTables}).
 */
public interface JobTables {

    /** The table that takes the job's cells; created on first use where the mode needs one. */
    TableName tableOf(String jobKey) throws IOException;

    /** Whether a complete job must be swapped in ({@link #swapIn}) before its 'end'. */
    boolean swaps();

    /** Makes the complete job's cells the target's content; safe to repeat after a crash at any step. */
    void swapIn(String jobKey) throws IOException;

    /** Drops what a failed job wrote apart from the target (nothing in append mode). */
    void discard(String jobKey) throws IOException;

    /** Append mode: every job writes into the target itself. */
    static JobTables append(TableName target) {
        return new JobTables() {
            @Override
            public TableName tableOf(String jobKey) {
                return target;
            }

            @Override
            public boolean swaps() {
                return false;
            }

            @Override
            public void swapIn(String jobKey) {
                throw new IllegalStateException("append mode swaps no table in");
            }

            @Override
            public void discard(String jobKey) {
                // the target keeps what the job wrote: append mode promises no more
            }
        };
    }
}
