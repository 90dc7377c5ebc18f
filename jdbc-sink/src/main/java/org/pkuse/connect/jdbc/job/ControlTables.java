package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two control tables in the target database, written in the same transaction as the rows:
 * <ul>
 *   <li>offsets: (connector, topic, kafka_partition) → committed_offset, the last Kafka offset whose record is in
 *   the table (or was skipped on purpose). Records at or below it are skipped on redelivery.</li>
 *   <li>jobs: (connector, job_id) → predicted_total, end_index N, committed_count (rows written), dead_lettered,
 *   state RUNNING/SWAPPING/ENDED/FAILED, indexes (the serialized Roaring bitmap of committed currentIndexes).</li>
 * </ul>
 * Rows are locked with {@code SELECT ... FOR UPDATE} in a fixed order (offsets by topic and partition, then jobs by
 * id), so tasks that share a job serialize on its row and never deadlock on the control tables.
 */
public final class ControlTables {

    private static final Logger log = LoggerFactory.getLogger(ControlTables.class);

    private final DatabaseDialect d;
    private final TableId offsets;
    private final TableId jobs;
    private final TableId events;
    private final String connector;
    /** Partitions whose offset row this task saw exist (a task owns a few partitions: no bound needed). */
    private final Set<TopicPartition> seenOffsetRows = ConcurrentHashMap.newKeySet();

    public ControlTables(DatabaseDialect dialect, TableId offsets, TableId jobs, TableId events, String connector) {
        this.d = dialect;
        this.offsets = offsets;
        this.jobs = jobs;
        this.events = events;
        this.connector = connector;
    }

    public TableId offsetsTable() {
        return offsets;
    }

    public TableId jobsTable() {
        return jobs;
    }

    public void create(Connection conn) throws SQLException {
        for (String ddl : d.controlTables(offsets, jobs, events)) {
            try (Statement s = conn.createStatement()) {
                s.execute(ddl);
                if (!conn.getAutoCommit()) {
                    conn.commit();
                }
            } catch (SQLException e) {
                if (SqlErrors.isTransient(e)) {
                    throw e; // the connection is gone: the caller retries on a new one
                }
                // Two tasks creating the same table at once: PostgreSQL may report a duplicate type; re-check.
                if (!conn.getAutoCommit()) {
                    conn.rollback();
                }
                try (Statement s = conn.createStatement()) {
                    s.execute(ddl);
                }
            }
        }
        log.debug("Control tables {}, {} and {} ready", offsets, jobs, events);
    }

    /** Committed offsets of these partitions; partitions without a row (or without an offset yet) are absent. */
    public Map<TopicPartition, Long> readOffsets(Connection conn, Collection<TopicPartition> partitions)
            throws SQLException {
        Map<TopicPartition, Long> result = selectOffsets(conn, partitions, false);
        result.values().removeIf(offset -> offset < 0);
        return result;
    }

    /**
     * Creates the partitions' offset rows that do not exist, each in its own autocommit insert-if-absent: inside a
     * flush's transaction, two tasks inserting rows into the same gap could wait on each other. A partition whose row
     * this task has seen is skipped without a statement: the sink never deletes offset rows, and an operator may only
     * with the connector stopped; a row deleted under a running task is noticed by {@link #lockOffsets}.
     */
    public void ensureOffsetRows(Connection conn, Collection<TopicPartition> partitions) throws SQLException {
        List<TopicPartition> unseen = partitions.stream().filter(tp -> !seenOffsetRows.contains(tp)).toList();
        if (unseen.isEmpty()) {
            return;
        }
        String sql = d.insertIfAbsent(offsets, List.of("connector", "topic", "kafka_partition", "committed_offset"));
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (TopicPartition tp : unseen) {
                ps.setString(1, connector);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                ps.setLong(4, -1L);
                ps.executeUpdate();
            }
        }
        if (conn.getAutoCommit()) {
            seenOffsetRows.addAll(unseen);
        }
    }

    /**
     * Locks the partitions' rows (sorted order) and returns their committed offsets (-1: nothing yet).
     *
     * @throws SQLTransientException when a row is gone (deleted while the task ran): it is created again, with no
     *         offset, by the retried flush's {@link #ensureOffsetRows}
     */
    public Map<TopicPartition, Long> lockOffsets(Connection conn, List<TopicPartition> sortedPartitions)
            throws SQLException {
        Map<TopicPartition, Long> locked = selectOffsets(conn, sortedPartitions, true);
        for (TopicPartition tp : sortedPartitions) {
            if (!locked.containsKey(tp)) {
                seenOffsetRows.remove(tp);
                throw new SQLTransientException("The offset row of " + tp + " vanished from " + offsets
                        + " (deleted while the connector ran); the retried flush creates it again, with no offset");
            }
        }
        return locked;
    }

    /** The partitions' offsets (-1: nothing yet); partitions without a row are absent. */
    private Map<TopicPartition, Long> selectOffsets(Connection conn, Collection<TopicPartition> partitions,
                                                    boolean forUpdate) throws SQLException {
        Map<TopicPartition, Long> result = new HashMap<>();
        String sql = "SELECT " + d.quote("committed_offset") + " FROM " + d.table(offsets) + " WHERE "
                + d.quote("connector") + " = ? AND " + d.quote("topic") + " = ? AND " + d.quote("kafka_partition")
                + " = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (TopicPartition tp : partitions) {
                ps.setString(1, connector);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        result.put(tp, rs.getLong(1));
                    }
                }
            }
        }
        return result;
    }

    public void updateOffsets(Connection conn, Map<TopicPartition, Long> committed) throws SQLException {
        String sql = "UPDATE " + d.table(offsets) + " SET " + d.quote("committed_offset") + " = ?, "
                + d.quote("updated_at") + " = CURRENT_TIMESTAMP WHERE " + d.quote("connector") + " = ? AND "
                + d.quote("topic") + " = ? AND " + d.quote("kafka_partition") + " = ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setString(2, connector);
                ps.setString(3, e.getKey().topic());
                ps.setInt(4, e.getKey().partition());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts the job's row unless it exists; true for the one caller that inserted it (it sends 'start'). */
    public boolean createJobIfAbsent(Connection conn, String jobId, String topic, long predictedTotal)
            throws SQLException {
        String sql = d.insertIfAbsent(jobs, List.of("connector", "job_id", "topic", "predicted_total",
                "committed_count", "dead_lettered", "state"));
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, connector);
            ps.setString(2, jobId);
            ps.setString(3, topic);
            ps.setLong(4, predictedTotal);
            ps.setLong(5, 0);
            ps.setLong(6, 0);
            ps.setString(7, JobProgress.State.RUNNING.name());
            return ps.executeUpdate() == 1;
        }
    }

    public JobProgress lockJob(Connection conn, String jobId) throws SQLException {
        return readJob(conn, jobId, true);
    }

    public JobProgress readJob(Connection conn, String jobId, boolean forUpdate) throws SQLException {
        List<JobProgress> found = selectJobs(conn, d.quote("job_id") + " = ?", jobId, forUpdate);
        return found.isEmpty() ? null : found.get(0);
    }

    /** This connector's jobs in a state, by id. */
    public List<JobProgress> jobsIn(Connection conn, JobProgress.State state) throws SQLException {
        return selectJobs(conn, d.quote("state") + " = ?", state.name(), false);
    }

    private List<JobProgress> selectJobs(Connection conn, String condition, String value, boolean forUpdate)
            throws SQLException {
        String sql = "SELECT " + d.quote("job_id") + ", " + d.quote("topic") + ", " + d.quote("predicted_total")
                + ", " + d.quote("end_index") + ", " + d.quote("committed_count") + ", " + d.quote("dead_lettered")
                + ", " + d.quote("state") + ", " + d.quote("indexes") + " FROM " + d.table(jobs) + " WHERE "
                + d.quote("connector") + " = ? AND " + condition + " ORDER BY " + d.quote("job_id")
                + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, connector);
            ps.setString(2, value);
            List<JobProgress> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long end = rs.getLong(4);
                    Long endIndex = rs.wasNull() ? null : end;
                    out.add(new JobProgress(rs.getString(1), rs.getString(2), rs.getLong(3), endIndex, rs.getLong(5),
                            rs.getLong(6), JobProgress.State.valueOf(rs.getString(7)),
                            JobProgress.deserializeIndexes(rs.getBytes(8))));
                }
            }
            return out;
        }
    }

    /** A running job and how long (database clock) since its row last changed. */
    public record Idle(JobProgress job, long idleMillis) {
    }

    /** This connector's RUNNING jobs, each with the time since its last committed change. */
    public List<Idle> runningJobs(Connection conn) throws SQLException {
        String sql = "SELECT " + d.quote("job_id") + ", " + d.quote("topic") + ", " + d.quote("predicted_total")
                + ", " + d.quote("end_index") + ", " + d.quote("committed_count") + ", " + d.quote("dead_lettered")
                + ", " + d.quote("indexes") + ", " + d.quote("updated_at") + ", CURRENT_TIMESTAMP FROM "
                + d.table(jobs) + " WHERE " + d.quote("connector") + " = ? AND " + d.quote("state") + " = ?";
        List<Idle> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, connector);
            ps.setString(2, JobProgress.State.RUNNING.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long end = rs.getLong(4);
                    Long endIndex = rs.wasNull() ? null : end;
                    JobProgress p = new JobProgress(rs.getString(1), rs.getString(2), rs.getLong(3), endIndex,
                            rs.getLong(5), rs.getLong(6), JobProgress.State.RUNNING,
                            JobProgress.deserializeIndexes(rs.getBytes(7)));
                    out.add(new Idle(p, rs.getTimestamp(9).getTime() - rs.getTimestamp(8).getTime()));
                }
            }
        }
        return out;
    }

    public void updateJob(Connection conn, JobProgress job) throws SQLException {
        String sql = "UPDATE " + d.table(jobs) + " SET " + d.quote("predicted_total") + " = ?, "
                + d.quote("end_index") + " = ?, " + d.quote("committed_count") + " = ?, " + d.quote("dead_lettered")
                + " = ?, " + d.quote("state") + " = ?, " + d.quote("indexes") + " = ?, " + d.quote("updated_at")
                + " = CURRENT_TIMESTAMP WHERE " + d.quote("connector") + " = ? AND " + d.quote("job_id") + " = ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, job.predictedTotal());
            if (job.endIndex() == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, job.endIndex());
            }
            ps.setLong(3, job.written());
            ps.setLong(4, job.deadLettered());
            ps.setString(5, job.state().name());
            ps.setBytes(6, job.serializeIndexes());
            ps.setString(7, connector);
            ps.setString(8, job.jobId());
            ps.executeUpdate();
        }
    }

    /**
     * Flips a running job, or one whose staging table is not swapped in yet, to FAILED; true only for the caller
     * that flipped it (it sends 'error').
     */
    public boolean markFailed(Connection conn, String jobId) throws SQLException {
        return flip(conn, jobId, JobProgress.State.FAILED, JobProgress.State.RUNNING, JobProgress.State.SWAPPING);
    }

    /** Flips a job from SWAPPING to ENDED once its staging table is in; true only for the caller that flipped it. */
    public boolean markSwapped(Connection conn, String jobId) throws SQLException {
        return flip(conn, jobId, JobProgress.State.ENDED, JobProgress.State.SWAPPING);
    }

    /** A conditional update: of tasks racing to flip a job, exactly one sees 1 updated row. */
    private boolean flip(Connection conn, String jobId, JobProgress.State to, JobProgress.State... from)
            throws SQLException {
        String sql = "UPDATE " + d.table(jobs) + " SET " + d.quote("state") + " = ?, " + d.quote("updated_at")
                + " = CURRENT_TIMESTAMP WHERE " + d.quote("connector") + " = ? AND " + d.quote("job_id")
                + " = ? AND " + d.quote("state") + " IN (" + String.join(", ", Collections.nCopies(from.length, "?"))
                + ")";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, to.name());
            ps.setString(2, connector);
            ps.setString(3, jobId);
            for (int i = 0; i < from.length; i++) {
                ps.setString(4 + i, from[i].name());
            }
            return ps.executeUpdate() == 1;
        }
    }
}
