package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's jobs as the control tables hold them, and the one place where a job's state changes. Each change
 * commits together with the status event it makes owed ({@link SinkEvents}): 'start' with the job's row, 'end' with
 * the commit that completes it (or, where a table swap follows the commit, with the flip from SWAPPING to ENDED),
 * 'error' with the flip to FAILED. The conditional flips make exactly one caller the owner of each final event,
 * whichever task, flush or check gets there first.
 */
public final class JobLedger {

    private static final Logger log = LoggerFactory.getLogger(JobLedger.class);
    private static final int KNOWN_JOBS = 1024;

    /** What ending a job needs from the target tables (overwrite mode swaps the job's staging table in). */
    public interface Completion {
        /** Inside the transaction that ends the job (PostgreSQL: the swap is transactional). */
        void beforeEnd(Connection conn, JobProgress job) throws SQLException;

        /** The swap can only follow the ending commit (MySQL/MariaDB): the job stays SWAPPING until it is done. */
        boolean swapsAfterCommit();
    }

    /** A job seen for the first time: its topic and the predicted total of its first record. */
    public record Start(String topic, long predictedTotal) {
    }

    /**
     * The jobs' rows after a flush's progress was added, those of them the flush ended, and whether it made an event
     * owed; or, in {@code conflict}, why the progress could not be added (then roll back).
     */
    public record Absorbed(List<JobProgress> rows, List<JobProgress> ended, boolean eventsOwed, String conflict) {

        static Absorbed conflict(String jobId, String what) {
            return new Absorbed(List.of(), List.of(), false, "Job " + jobId + ": " + what);
        }
    }

    private final DataSource dataSource;
    private final ControlTables control;
    private final SinkEvents events;
    private final Runnable committed;
    private final Completion completion;
    /** Jobs whose row exists (the latest, bounded: a periodic job's runs are jobs of their own). */
    private final Set<String> existing = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > KNOWN_JOBS;
                }
            }));

    /**
     * @param committed  called after each commit that made an event owed (wakes the publisher)
     * @param completion what ending a job needs from the tables (the write mode)
     */
    public JobLedger(DataSource dataSource, ControlTables control, SinkEvents events, Runnable committed,
                     Completion completion) {
        this.dataSource = dataSource;
        this.control = control;
        this.events = events;
        this.committed = committed;
        this.completion = completion;
    }

    public ControlTables control() {
        return control;
    }

    /**
     * Creates the rows of the jobs that have none, each with its 'start' owed, in one transaction. Jobs whose row
     * this ledger has seen are skipped without a statement: the sink never deletes a job's row (an operator may, with
     * the connector stopped; see the README), and the insert-if-absent would wait for another task's lock on the row
     * at the end of each of its flushes. A row deleted under a running task fails its next flush of that job, naming
     * the job and the table, rather than being created again with a second 'start'.
     */
    public void create(Connection conn, Map<String, Start> jobs) throws SQLException {
        Map<String, Start> unseen = new LinkedHashMap<>(jobs);
        unseen.keySet().removeAll(existing);
        if (unseen.isEmpty()) {
            return;
        }
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            boolean created = false;
            for (Map.Entry<String, Start> job : unseen.entrySet()) {
                Start s = job.getValue();
                if (control.createJobIfAbsent(conn, job.getKey(), s.topic(), s.predictedTotal())) {
                    events.started(conn, job.getKey(), s.topic(), s.predictedTotal());
                    created = true;
                }
            }
            conn.commit();
            existing.addAll(unseen.keySet());
            if (created) {
                committed.run();
            }
        } catch (SQLException | RuntimeException e) {
            SqlErrors.rollbackQuietly(conn);
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    /** The jobs' rows by id, locked when {@code lock}. */
    public Map<String, JobProgress> read(Connection conn, Collection<String> ids, boolean lock) throws SQLException {
        Map<String, JobProgress> rows = new LinkedHashMap<>();
        for (String id : ids) {
            JobProgress p = control.readJob(conn, id, lock);
            if (p == null) {
                throw new ConnectException("Control row of job " + id + " vanished from " + control.jobsTable());
            }
            rows.put(id, p);
        }
        return rows;
    }

    /**
     * In a flush's transaction: adds each job's progress in this flush to its row (locked now, unless it was
     * {@code lockedFirst}), ends the jobs it completes and makes their events owed: 'end', or 'processing' for a
     * job still running. The caller commits.
     *
     * @param read the rows as the flush read them
     * @return the rows; a conflict when another task committed one of the flush's indexes, or failed one of its
     *         jobs, since the flush read the rows: roll back and write the flush again, rows locked first
     */
    public Absorbed absorb(Connection conn, Map<String, JobProgress> flush, Map<String, JobProgress> read,
                           boolean lockedFirst) throws SQLException {
        List<JobProgress> rows = new ArrayList<>(flush.size());
        for (Map.Entry<String, JobProgress> e : flush.entrySet()) {
            String id = e.getKey();
            JobProgress row = lockedFirst ? read.get(id) : control.lockJob(conn, id);
            if (row == null) {
                throw new ConnectException("Control row of job " + id + " vanished from " + control.jobsTable());
            }
            if (row.state() == JobProgress.State.FAILED && read.get(id).state() != JobProgress.State.FAILED) {
                return Absorbed.conflict(id, "failed meanwhile");
            }
            if (!row.absorb(e.getValue())) {
                return Absorbed.conflict(id, "an index of this flush was committed by another task meanwhile");
            }
            rows.add(row);
        }
        List<JobProgress> ended = new ArrayList<>();
        boolean owed = false;
        boolean swapAfterCommit = completion.swapsAfterCommit();
        for (JobProgress p : rows) {
            if (p.state() == JobProgress.State.RUNNING && p.complete()) {
                completion.beforeEnd(conn, p);
            }
            if (p.endIfComplete()) {
                ended.add(p);
                if (swapAfterCommit) {
                    p.state(JobProgress.State.SWAPPING); // ENDED, with its 'end', once its table is swapped in
                } else {
                    events.ended(conn, p);
                    owed = true;
                }
            } else if (p.state() == JobProgress.State.RUNNING) {
                // Nothing to report of a job that ended before (records sent again).
                owed |= events.progressed(conn, p);
            }
            control.updateJob(conn, p);
        }
        return new Absorbed(rows, ended, owed, null);
    }

    /**
     * The caller committed changes made through {@link #absorb}: wakes the publisher when they made an event owed
     * (most flushes make none: 'processing' is throttled; waking it for nothing costs the database a transaction).
     */
    public void committed(Absorbed absorbed) {
        if (absorbed.eventsOwed()) {
            committed.run();
        }
    }

    /** The jobs whose ending commit went through but whose table swap has not (MySQL/MariaDB overwrite). */
    public List<JobProgress> swapping(Connection conn) throws SQLException {
        return control.jobsIn(conn, JobProgress.State.SWAPPING);
    }

    /**
     * After a SWAPPING job's table was swapped in: flips it to ENDED with its 'end' owed, in one transaction.
     *
     * @return true for the one caller that flipped it
     */
    public boolean swapped(Connection conn, JobProgress job) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            if (!control.markSwapped(conn, job.jobId())) {
                conn.rollback();
                return false;
            }
            job.state(JobProgress.State.ENDED);
            events.ended(conn, job);
            conn.commit();
            committed.run();
            return true;
        } catch (SQLException | RuntimeException e) {
            SqlErrors.rollbackQuietly(conn);
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    /**
     * Flips the jobs (id → topic) to FAILED, each with its 'error' owed, in one transaction.
     *
     * @return the jobs this caller flipped; none when the database cannot take it (the jobs stay RUNNING, and the
     *         stalled-job check fails them after {@code pkuse.job.incomplete.timeout.ms} unless their records
     *         complete them first)
     */
    public List<JobProgress> markFailed(Map<String, String> topicOf, String message, Throwable error) {
        List<JobProgress> flipped = new ArrayList<>();
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                for (Map.Entry<String, String> job : topicOf.entrySet()) {
                    JobProgress row = control.readJob(conn, job.getKey(), true);
                    if (row != null && control.markFailed(conn, job.getKey())) {
                        events.failed(conn, job.getKey(), job.getValue(), message, error, row.written());
                        row.state(JobProgress.State.FAILED);
                        flipped.add(row);
                    }
                }
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                SqlErrors.rollbackQuietly(conn);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            log.error("Could not mark job(s) {} as FAILED in {}: {}; they stay RUNNING until the stalled-job check "
                    + "fails them or their records complete them", topicOf.keySet(), control.jobsTable(),
                    SqlErrors.brief(e));
            return List.of();
        }
        if (!flipped.isEmpty()) {
            committed.run();
        }
        return flipped;
    }
}
