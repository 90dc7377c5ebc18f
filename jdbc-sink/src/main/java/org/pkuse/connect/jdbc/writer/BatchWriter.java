package org.pkuse.connect.jdbc.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.job.ControlTables;
import org.pkuse.connect.jdbc.job.JobProgress;
import org.pkuse.connect.jdbc.job.SinkEvents;
import org.pkuse.connect.jdbc.schema.TableCatalog;
import org.pkuse.connect.jdbc.schema.TableDefinition;
import org.pkuse.connect.jdbc.writer.MappedChunk.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one buffer of records in one transaction together with the control tables: the rows, the committed offset
 * of each partition, and each job's committed indexes. Either all of it commits or none of it.
 *
 * <p>Per flush: job rows are created (auto-commit; the creator sends 'start'), missing tables and columns are
 * created (DDL commits implicitly on MySQL), then in one transaction: lock the partitions' offset rows and the jobs'
 * rows, drop records at or below the committed offset and records whose index is committed already, write the rows
 * (JDBC batches per table and statement shape; a failing batch is split under savepoints to isolate bad rows), and
 * update offsets and jobs; the flush that completes a job flips it to ENDED and sends 'end' after the commit.
 */
public final class BatchWriter {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final TableCatalog catalog;
    private final ControlTables control;
    private final RecordMapper mapper;
    private final ValueBinder binder;
    private final SinkEvents events;
    private final Runnable committed;
    private final StagingTables staging;
    private final AtomicBoolean swapsToCheck = new AtomicBoolean(true);

    public BatchWriter(DataSource dataSource, DatabaseDialect dialect, TableCatalog catalog, ControlTables control,
                       RecordMapper mapper, ValueBinder binder, SinkEvents events, Runnable committed,
                       StagingTables staging) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.catalog = catalog;
        this.control = control;
        this.mapper = mapper;
        this.binder = binder;
        this.events = events;
        this.committed = committed;
        this.staging = staging;
    }

    /**
     * Writes a chunk in one transaction. Before the first write, and after a failed one, it first finishes the
     * swaps left pending (see {@link #finishPendingSwaps}).
     */
    public FlushResult write(MappedChunk chunk, BadRecordHandler bad) throws SQLException {
        if (swapsToCheck.get()) {
            finishPendingSwaps();
        }
        boolean written = false;
        try {
            FlushResult result = writeChunk(chunk, bad);
            written = true;
            return result;
        } finally {
            if (!written && staging != null && staging.swapsAfterCommit()) {
                swapsToCheck.set(true); // the failure may have come after an ending commit, before its swap
            }
        }
    }

    /** Whether a swap may be pending: the writer has not looked yet, or a write failed since. */
    public boolean swapsToCheck() {
        return swapsToCheck.get();
    }

    /**
     * Overwrite mode on MySQL/MariaDB: finishes the jobs whose ending commit went through but whose staging table
     * was not renamed in (the rename failed, or the task died in between). Each is renamed in, flipped to ENDED,
     * and the task that flips it sends its 'end'.
     */
    public void finishPendingSwaps() throws SQLException {
        if (staging == null || !staging.swapsAfterCommit()) {
            swapsToCheck.set(false);
            return;
        }
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(true);
            for (JobProgress job : control.jobsIn(conn, JobProgress.State.SWAPPING)) {
                log.info("Overwrite: job {} ended but its staging table was not swapped in yet; swapping it in now",
                        job.jobId());
                swapIn(conn, job);
            }
        }
        swapsToCheck.set(false);
    }

    /**
     * Renames a SWAPPING job's staging table in, then flips the job to ENDED with its 'end' owed in one transaction;
     * true for the caller that flipped it.
     */
    private boolean swapIn(Connection conn, JobProgress job) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(true);
        try {
            staging.swapIn(conn, job);
            conn.setAutoCommit(false);
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
            rollbackQuietly(conn);
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    private FlushResult writeChunk(MappedChunk chunk, BadRecordHandler bad) throws SQLException {
        Map<TopicPartition, Long> maxOffsets = chunk.maxOffsets();
        List<Item> items = chunk.items();
        int outOfScope = chunk.outOfScope();

        // Jobs' control rows: the task that creates one sends the job's sink 'start'.
        TreeMap<String, Item> firstOfJob = new TreeMap<>();
        for (Item i : items) {
            if (i.job != null) {
                firstOfJob.putIfAbsent(i.job.taskId(), i);
            }
        }
        List<TopicPartition> partitions = new ArrayList<>(maxOffsets.keySet());
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));

        try (Connection conn = dataSource.getConnection()) {
            try {
                conn.setAutoCommit(true);
                control.ensureOffsetRows(conn, partitions);
                createJobs(conn, firstOfJob.values());
                // Tables: route job rows to staging tables in overwrite mode, then create/evolve (DDL commits).
                Map<TableId, List<ColumnSpec>> tables = new LinkedHashMap<>();
                Map<TableId, List<RowShape>> shapesOf = new LinkedHashMap<>();
                for (Item i : items) {
                    if (i.row == null) {
                        continue;
                    }
                    if (staging != null && i.job != null) {
                        TableId target = i.row.shape().table();
                        TableId stagingTable = staging.stagingFor(target, i.job.taskId());
                        i.row = new Row(i.row.shape().withTable(stagingTable), i.row.keyValues(), i.row.values(),
                                i.row.record());
                    }
                    RowShape shape = i.row.shape();
                    List<RowShape> seen = shapesOf.computeIfAbsent(shape.table(), t -> new ArrayList<>());
                    if (!seen.contains(shape)) {
                        seen.add(shape);
                    }
                }
                for (Map.Entry<TableId, List<RowShape>> e : shapesOf.entrySet()) {
                    tables.put(e.getKey(), unionOfColumns(e.getValue()));
                }
                Map<TableId, TableDefinition> definitions = new HashMap<>();
                for (Map.Entry<TableId, List<ColumnSpec>> t : tables.entrySet()) {
                    if (staging != null && staging.isStaging(t.getKey())) {
                        staging.prepare(conn, t.getKey(), t.getValue());
                    }
                    definitions.put(t.getKey(), catalog.ensure(conn, t.getKey(), t.getValue()));
                }

                conn.setAutoCommit(false);
                try {
                    try {
                        return writeInTransaction(conn, items, partitions, maxOffsets, firstOfJob.keySet(), definitions,
                                bad, outOfScope, false);
                    } catch (IndexConflict e) {
                        rollbackQuietly(conn);
                        log.debug("{}; writing the flush again with the jobs' rows locked first", e.getMessage());
                        return writeInTransaction(conn, items, partitions, maxOffsets, firstOfJob.keySet(),
                                definitions, bad, outOfScope, true);
                    }
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(conn);
                    throw e;
                }
            } catch (SQLException e) {
                if (!dialect.isTransient(e) && connectionLost(conn)) {
                    // The pool closes a connection whose statement failed on a lost link; the next statement then
                    // fails with a bare "Connection is closed". It is still the lost link: retry.
                    throw new SQLTransientConnectionException("Lost the database connection during a flush: "
                            + e.getMessage(), "08003", e);
                }
                throw e;
            }
        }
    }

    /** Creates the jobs' control rows that do not exist, each with its 'start' owed, in one transaction. */
    private void createJobs(Connection conn, Iterable<Item> firstOfJob) throws SQLException {
        conn.setAutoCommit(false);
        try {
            boolean created = false;
            for (Item i : firstOfJob) {
                if (control.createJobIfAbsent(conn, i.job.taskId(), i.record.topic(), i.job.predictedTotal())) {
                    events.started(conn, i.job.taskId(), i.record.topic(), i.job.predictedTotal());
                    created = true;
                }
            }
            conn.commit();
            if (created) {
                committed.run();
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(conn);
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    /**
     * The columns a table needs for all the shapes of one flush; a column that some shape lacks must accept NULL
     * (records of the older schema leave it empty).
     */
    static List<ColumnSpec> unionOfColumns(List<RowShape> shapes) {
        List<ColumnSpec> cols = new ArrayList<>();
        for (RowShape shape : shapes) {
            for (ColumnSpec c : shape.allColumns()) {
                if (cols.stream().noneMatch(x -> x.name().equalsIgnoreCase(c.name()))) {
                    cols.add(c);
                }
            }
        }
        List<ColumnSpec> result = new ArrayList<>(cols.size());
        for (ColumnSpec c : cols) {
            boolean everywhere = shapes.stream().allMatch(s -> s.allColumns().stream()
                    .anyMatch(x -> x.name().equalsIgnoreCase(c.name())));
            result.add(everywhere || c.key() || c.schema() == null ? c
                    : new ColumnSpec(c.name(), optional(c.schema()), false));
        }
        return result;
    }

    private static org.apache.kafka.connect.data.Schema optional(org.apache.kafka.connect.data.Schema s) {
        if (s.isOptional()) {
            return s;
        }
        switch (s.type()) {
            case ARRAY, MAP, STRUCT:
                return org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA;
            default:
                org.apache.kafka.connect.data.SchemaBuilder b = new org.apache.kafka.connect.data.SchemaBuilder(
                        s.type()).name(s.name()).optional();
                if (s.parameters() != null) {
                    b.parameters(s.parameters());
                }
                return b.build();
        }
    }

    private FlushResult writeInTransaction(Connection conn, List<Item> items, List<TopicPartition> partitions,
                                           Map<TopicPartition, Long> maxOffsets, Iterable<String> jobIds,
                                           Map<TableId, TableDefinition> definitions, BadRecordHandler bad,
                                           int outOfScope, boolean lockJobsFirst) throws SQLException {
        Map<TopicPartition, Long> committed = control.lockOffsets(conn, partitions);
        // Tasks that share a job would serialize on its row for their whole transaction if they locked it first.
        // So the row is read without a lock, this flush's progress is collected apart ('jobs'), and the row is
        // locked only at the end, where the progress is added to it unless another task committed one of the same
        // indexes meanwhile (IndexConflict: the flush runs again, the row locked first).
        Map<String, JobProgress> read = new LinkedHashMap<>();
        Map<String, JobProgress> jobs = new LinkedHashMap<>();
        for (String id : jobIds) {
            JobProgress p = control.readJob(conn, id, lockJobsFirst);
            if (p == null) {
                throw new ConnectException("Control row of job " + id + " vanished from " + control.jobsTable());
            }
            read.put(id, p);
            jobs.put(id, JobProgress.fresh(id, p.topic(), p.predictedTotal()));
        }
        List<Row> rows = new ArrayList<>();
        Map<SinkRecord, JobHeaders> jobOf = new java.util.IdentityHashMap<>();
        int skipped = outOfScope;
        int deadLettered = 0;
        for (Item i : items) {
            TopicPartition tp = new TopicPartition(i.record.topic(), i.record.kafkaPartition());
            if (i.record.kafkaOffset() <= committed.getOrDefault(tp, -1L)) {
                skipped++;
                continue;
            }
            JobProgress job = i.job == null ? null : jobs.get(i.job.taskId());
            if (job != null && read.get(i.job.taskId()).state() == JobProgress.State.FAILED) {
                log.trace("Job {} failed; skipping {}", job.jobId(), i.record);
                skipped++; // a failed job's remaining records are not written
                continue;
            }
            if (job != null) {
                if (MappedChunk.isEmptyRunMarker(i.job)) {
                    job.endAt(0);
                    continue;
                }
                if (read.get(i.job.taskId()).contains(i.job.currentIndex()) || !job.claim(i.job.currentIndex())) {
                    log.trace("Job {}: index {} committed already, skipping {}", job.jobId(), i.job.currentIndex(),
                            i.record);
                    skipped++;
                    continue;
                }
                if (i.job.isEnd()) {
                    job.endAt(i.job.currentIndex());
                }
                job.predictedTotal(i.job.predictedTotal());
                jobOf.put(i.record, i.job);
            }
            if (i.error != null) {
                bad.handle(i.record, i.row == null ? String.valueOf(mapper.tableFor(i.record.topic()))
                        : i.row.shape().table().toString(), i.error);
                deadLettered++;
                if (job != null) {
                    job.countDeadLettered(1);
                }
                continue;
            }
            if (i.row == null) {
                skipped++; // a tombstone while delete.enabled=false
                continue;
            }
            rows.add(i.row);
        }

        int written = 0;
        int start = 0;
        while (start < rows.size()) {
            int end = start + 1;
            RowShape shape = rows.get(start).shape();
            while (end < rows.size() && rows.get(end).shape().equals(shape)) {
                end++;
            }
            List<Row> group = rows.subList(start, end);
            java.util.Set<Row> failed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            executeIsolating(conn, shape, definitions.get(shape.table()), group, failed, bad);
            for (Row r : group) {
                JobHeaders h = jobOf.get(r.record());
                boolean ok = !failed.contains(r);
                if (ok) {
                    written++;
                } else {
                    deadLettered++;
                }
                if (h != null) {
                    JobProgress p = jobs.get(h.taskId());
                    if (ok) {
                        p.countWritten(1);
                    } else {
                        p.countDeadLettered(1);
                    }
                }
            }
            start = end;
        }

        Map<TopicPartition, Long> newOffsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long max = maxOffsets.get(tp);
            if (max > committed.getOrDefault(tp, -1L)) {
                newOffsets.put(tp, max);
            }
        }
        control.updateOffsets(conn, newOffsets);
        for (Map.Entry<String, JobProgress> e : jobs.entrySet()) {
            JobProgress row = lockJobsFirst ? read.get(e.getKey()) : control.lockJob(conn, e.getKey());
            if (row == null) {
                throw new ConnectException("Control row of job " + e.getKey() + " vanished from "
                        + control.jobsTable());
            }
            if (row.state() == JobProgress.State.FAILED && read.get(e.getKey()).state() != JobProgress.State.FAILED) {
                throw new IndexConflict(e.getKey()); // failed meanwhile: again, locked first, its records skipped
            }
            if (!row.absorb(e.getValue())) {
                throw new IndexConflict(e.getKey());
            }
            e.setValue(row);
        }
        List<JobProgress> ended = new ArrayList<>();
        boolean swapAfterCommit = staging != null && staging.swapsAfterCommit();
        for (JobProgress p : jobs.values()) {
            if (p.state() == JobProgress.State.RUNNING && p.complete() && staging != null) {
                staging.beforeEnd(conn, p);
            }
            if (p.endIfComplete()) {
                ended.add(p);
                if (swapAfterCommit) {
                    p.state(JobProgress.State.SWAPPING); // ENDED once its staging table is renamed in
                } else {
                    events.ended(conn, p);
                }
            } else if (p.state() == JobProgress.State.RUNNING) {
                events.progressed(conn, p); // nothing to report of a job that ended before (records sent again)
            }
            control.updateJob(conn, p);
        }
        conn.commit();
        this.committed.run();
        if (swapAfterCommit) {
            for (Iterator<JobProgress> it = ended.iterator(); it.hasNext(); ) {
                if (!swapIn(conn, it.next())) {
                    it.remove(); // another task finished the swap and sent the 'end'
                }
            }
        }
        if (staging != null) {
            for (JobProgress p : jobs.values()) {
                if (p.state() == JobProgress.State.ENDED && !ended.contains(p)) {
                    // Records of a job that had ended already (sent again): drop the staging table that
                    // preparing them made, or it would stay behind.
                    staging.dropIfPrepared(conn, p);
                }
            }
        }
        Map<TopicPartition, Long> result = new HashMap<>(committed);
        result.putAll(newOffsets);
        result.keySet().retainAll(maxOffsets.keySet());
        result.values().removeIf(v -> v < 0);
        log.debug("Flushed {} record(s): {} written, {} skipped, {} dead-lettered, jobs {}", items.size() + outOfScope,
                written, skipped, deadLettered, jobs.keySet());
        return new FlushResult(result, written, skipped, deadLettered);
    }

    /** Another task committed one of this flush's indexes while it ran (the same record in two partitions). */
    private static final class IndexConflict extends RuntimeException {
        IndexConflict(String jobId) {
            super("Job " + jobId + ": an index of this flush was committed by another task meanwhile", null, false,
                    false);
        }
    }

    /**
     * Runs a group of same-shape rows as one JDBC batch under a savepoint; when it fails for a reason other than a
     * transient one, rolls back to the savepoint and splits it in halves until the bad rows are alone.
     */
    private void executeIsolating(Connection conn, RowShape shape, TableDefinition table, List<Row> rows,
                                  java.util.Set<Row> failed, BadRecordHandler bad) throws SQLException {
        Savepoint savepoint = conn.setSavepoint();
        try {
            execute(conn, shape, table, rows);
            releaseQuietly(conn, savepoint);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SQLException sql && dialect.isTransient(sql)) {
                throw sql;
            }
            conn.rollback(savepoint);
            if (rows.size() == 1) {
                Row row = rows.get(0);
                bad.handle(row.record(), shape.table().toString(), e);
                failed.add(row);
                return;
            }
            log.debug("Batch of {} row(s) into {} failed ({}); splitting it to find the bad row(s)", rows.size(),
                    shape.table(), e.toString());
            int mid = rows.size() / 2;
            executeIsolating(conn, shape, table, rows.subList(0, mid), failed, bad);
            executeIsolating(conn, shape, table, rows.subList(mid, rows.size()), failed, bad);
        }
    }

    private void execute(Connection conn, RowShape shape, TableDefinition table, List<Row> rows) throws SQLException {
        String sql = shape.sql(dialect);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            List<ColumnSpec> keys = shape.keys();
            List<ColumnSpec> values = shape.values();
            for (Row row : rows) {
                int index = 1;
                if (shape.operation() == Operation.UPDATE) {
                    for (int c = 0; c < values.size(); c++) {
                        binder.bind(ps, index++, values.get(c), column(table, values.get(c)), row.values()[c]);
                    }
                    for (int c = 0; c < keys.size(); c++) {
                        binder.bind(ps, index++, keys.get(c), column(table, keys.get(c)), row.keyValues()[c]);
                    }
                } else {
                    for (int c = 0; c < keys.size(); c++) {
                        binder.bind(ps, index++, keys.get(c), column(table, keys.get(c)), row.keyValues()[c]);
                    }
                    for (int c = 0; c < values.size(); c++) {
                        binder.bind(ps, index++, values.get(c), column(table, values.get(c)), row.values()[c]);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static org.pkuse.connect.jdbc.schema.ColumnInfo column(TableDefinition table, ColumnSpec c) {
        return table == null ? null : table.column(c.name());
    }

    /** Some drivers cannot release savepoints; a lost connection, though, must fail the flush here. */
    private void releaseQuietly(Connection conn, Savepoint savepoint) throws SQLException {
        try {
            conn.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                throw e;
            }
            log.trace("Savepoint release failed: {}", e.toString());
        }
    }

    private static boolean connectionLost(Connection conn) {
        try {
            return conn.isClosed() || !conn.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    private static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            log.debug("Rollback failed: {}", e.toString());
        }
    }

    /**
     * Flips the jobs to FAILED, each with its 'error' owed, in one transaction; returns those this caller flipped.
     * When the database cannot take it, nothing is flipped: the jobs stay RUNNING, and a task's stalled-job check
     * fails them after {@code pkuse.job.incomplete.timeout.ms} unless their records complete them first.
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
                        flipped.add(row);
                    }
                }
                conn.commit();
                committed.run();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(conn);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            log.error("Could not mark job(s) {} as FAILED in {}: {}; they stay RUNNING until the stalled-job check "
                    + "fails them or their records complete them", topicOf.keySet(), control.jobsTable(),
                    SqlErrors.brief(e));
            return List.of();
        }
        return flipped;
    }
}
