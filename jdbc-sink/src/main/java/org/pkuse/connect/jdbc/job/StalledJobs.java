package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.pkuse.connect.common.job.JobProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the jobs that cannot complete. A job whose records stopped coming before every index 1..N arrived (a
 * record with malformed job headers went to the dead-letter queue; the worker dropped one under
 * {@code errors.tolerance=all} for a converter or transform error; the source died for good) would otherwise wait
 * forever. After {@code pkuse.job.incomplete.timeout.ms} without a committed change, the job is flipped to FAILED
 * and its 'error' names the missing indexes. The flip is conditional, so of several tasks exactly one sends it.
 */
public final class StalledJobs {

    private static final Logger log = LoggerFactory.getLogger(StalledJobs.class);

    /** What else a failed job needs (overwrite mode drops its staging table). */
    public interface OnFailed {
        void failed(Connection conn, String jobId, String topic);
    }

    private final DataSource dataSource;
    private final JobLedger jobs;
    private final Duration grace;
    private final String graceKey;
    private final OnFailed onFailed;

    public StalledJobs(DataSource dataSource, JobLedger jobs, Duration grace, String graceKey, OnFailed onFailed) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.grace = grace;
        this.graceKey = graceKey;
        this.onFailed = onFailed;
    }

    public void check() throws SQLException {
        if (grace.isZero()) {
            return;
        }
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(true);
            List<ControlTables.Idle> running = jobs.control().runningJobs(conn);
            for (ControlTables.Idle idle : running) {
                if (idle.idleMillis() >= grace.toMillis()) {
                    fail(conn, idle.job());
                }
            }
        }
    }

    private void fail(Connection conn, JobProgress job) throws SQLException {
        String end = job.endIndex() != null ? "1.." + job.endIndex() + " (the last record, isEnd, arrived)"
                : "1.." + job.predictedTotal() + " (predictedTotal; the last record, isEnd, never arrived)";
        String message = "Job " + job.jobId() + " cannot complete: no record of it arrived for " + grace.toSeconds()
                + " s (" + graceKey + "), and of " + end + " these indexes are missing: " + job.missing(20)
                + ". A record with malformed job headers sent to the dead-letter queue, a record the worker dropped "
                + "under errors.tolerance=all (converter or transform error), or a source that stopped for good "
                + "leaves such a gap. " + job.committed() + " of its records are committed.";
        if (jobs.markFailed(Map.of(job.jobId(), job.topic()), message, null).isEmpty()) {
            return; // another task failed it first, or it completed meanwhile
        }
        log.error(message);
        onFailed.failed(conn, job.jobId(), job.topic());
    }
}
