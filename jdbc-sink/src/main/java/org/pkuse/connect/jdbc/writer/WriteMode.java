package org.pkuse.connect.jdbc.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.job.JobLedger;

/**
 * How a job's rows reach their table ({@code write.mode}): straight in ({@link AppendMode}), or through a staging
 * table that replaces the target when the job ends ({@link OverwriteMode}). The writer, the ledger and the failure
 * path call every step whatever the mode; append makes them no-ops.
 */
public interface WriteMode extends JobLedger.Completion {

    /** The table a row of job {@code jobKey} headed for {@code target} is written to. */
    TableId tableFor(TableId target, String jobKey);

    /** Before {@code table} is created or evolved to {@code columns} (overwrite: a staging table like the target). */
    void prepare(Connection conn, TableId table, List<ColumnSpec> columns) throws SQLException;

    /** After the commit that left {@code job} SWAPPING (only when {@link #swapsAfterCommit()}); safe to repeat. */
    void swapIn(Connection conn, JobProgress job) throws SQLException;

    /** Records of a job that had ended already were prepared for: undo what preparing them made. */
    void dropIfPrepared(Connection conn, JobProgress job) throws SQLException;

    /** A failed job: undo what it made, so the target stays as it was. */
    void discard(Connection conn, String jobId, String topic);
}
