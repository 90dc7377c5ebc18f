package org.pkuse.connect.jdbc.writer;

import java.sql.Connection;
import java.util.List;

import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.TableId;

/** {@code write.mode=1}: rows go straight into their table; ending or failing a job touches no table. */
public final class AppendMode implements WriteMode {

    @Override
    public TableId tableFor(TableId target, String jobKey) {
        return target;
    }

    @Override
    public void prepare(Connection conn, TableId table, List<ColumnSpec> columns) {
        // the table is created or evolved as it is
    }

    @Override
    public void beforeEnd(Connection conn, JobProgress job) {
        // nothing to swap
    }

    @Override
    public boolean swapsAfterCommit() {
        return false;
    }

    @Override
    public void swapIn(Connection conn, JobProgress job) {
        // nothing to swap
    }

    @Override
    public void dropIfPrepared(Connection conn, JobProgress job) {
        // nothing was prepared
    }

    @Override
    public void discard(Connection conn, String jobId, String topic) {
        // the rows written stay: append mode has no way back
    }
}
