package org.pkuse.connect.jdbc.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.job.ControlTables;
import org.pkuse.connect.jdbc.job.JobLedger;
import org.pkuse.connect.jdbc.job.JobProgress;
import org.pkuse.connect.jdbc.schema.TableCatalog;
import org.pkuse.connect.jdbc.schema.TableDefinition;
import org.pkuse.connect.jdbc.writer.MappedChunk.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one buffer of records in one transaction together with the control tables: the rows, the committed offset
 * of each partition, and each job's committed indexes. Either all of it commits or none of it.
 *
 * <p>Per flush: job rows are created ({@link JobLedger#create}: the creator owes 'start'), missing tables and columns
 * are created ({@link FlushTables}: DDL commits implicitly on MySQL; rows of a shape the table cannot take are row
 * errors), then in one transaction: lock the partitions' offset rows, drop
 * records at or below the committed offset, records whose index is committed already and records of failed jobs,
 * write the rows ({@link RowStatements}: JDBC batches per table and statement shape, bad rows isolated under
 * savepoints), update the offsets, and add the flush's progress to its jobs ({@link JobLedger#absorb}: the flush
 * that completes a job ends it and owes its 'end').
 */
public final class BatchWriter {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final ControlTables control;
    private final JobLedger jobs;
    private final RecordMapper mapper;
    private final RowStatements statements;
    private final StagingTables staging;
    private final FlushTables tables;
    private final AtomicBoolean swapsToCheck = new AtomicBoolean(true);

    public BatchWriter(DataSource dataSource, DatabaseDialect dialect, TableCatalog catalog, JobLedger jobs,
                       RecordMapper mapper, ValueBinder binder, StagingTables staging) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.control = jobs.control();
        this.jobs = jobs;
        this.mapper = mapper;
        this.statements = new RowStatements(dialect, binder);
        this.staging = staging;
        this.tables = new FlushTables(catalog, staging);
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
            for (JobProgress job : jobs.swapping(conn)) {
                log.info("Overwrite: job {} ended but its staging table was not swapped in yet; swapping it in now",
                        job.jobId());
                swapIn(conn, job);
            }
        }
        swapsToCheck.set(false);
    }

    /** Renames a SWAPPING job's staging table in, then flips the job to ENDED; true for the caller that flipped it. */
    private boolean swapIn(Connection conn, JobProgress job) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(true);
        try {
            staging.swapIn(conn, job);
        } finally {
            conn.setAutoCommit(auto);
        }
        return jobs.swapped(conn, job);
    }

    private FlushResult writeChunk(MappedChunk chunk, BadRecordHandler bad) throws SQLException {
        Map<TopicPartition, Long> maxOffsets = chunk.maxOffsets();
        List<Item> items = chunk.items();
        int outOfScope = chunk.outOfScope();

        // Jobs' control rows: the transaction that creates one owes the job's sink 'start'.
        TreeMap<String, JobLedger.Start> firstOfJob = new TreeMap<>();
        for (Item i : items) {
            if (i.job != null) {
                firstOfJob.putIfAbsent(i.job.jobKey(),
                        new JobLedger.Start(i.record.topic(), i.job.predictedTotal()));
            }
        }
        List<TopicPartition> partitions = new ArrayList<>(maxOffsets.keySet());
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));

        try (Connection conn = dataSource.getConnection()) {
            try {
                conn.setAutoCommit(true);
                control.ensureOffsetRows(conn, partitions);
                jobs.create(conn, firstOfJob);
                // Route job rows to staging tables in overwrite mode, create/evolve the tables (DDL commits).
                Map<TableId, TableDefinition> definitions = tables.prepare(conn, items);

                conn.setAutoCommit(false);
                try {
                    try {
                        return writeInTransaction(conn, items, partitions, maxOffsets, firstOfJob.keySet(), definitions,
                                bad, outOfScope, false);
                    } catch (JobLedger.IndexConflict e) {
                        SqlErrors.rollbackQuietly(conn);
                        log.debug("{}; writing the flush again with the jobs' rows locked first", e.getMessage());
                        return writeInTransaction(conn, items, partitions, maxOffsets, firstOfJob.keySet(),
                                definitions, bad, outOfScope, true);
                    }
                } catch (SQLException | RuntimeException e) {
                    SqlErrors.rollbackQuietly(conn);
                    throw e;
                }
            } catch (SQLException e) {
                if (!dialect.isTransient(e) && SqlErrors.connectionLost(conn)) {
                    // The pool closes a connection whose statement failed on a lost link; the next statement then
                    // fails with a bare "Connection is closed". It is still the lost link: retry.
                    throw new SQLTransientConnectionException("Lost the database connection during a flush: "
                            + e.getMessage(), "08003", e);
                }
                throw e;
            }
        }
    }

    private FlushResult writeInTransaction(Connection conn, List<Item> items, List<TopicPartition> partitions,
                                           Map<TopicPartition, Long> maxOffsets, Collection<String> jobIds,
                                           Map<TableId, TableDefinition> definitions, BadRecordHandler bad,
                                           int outOfScope, boolean lockJobsFirst) throws SQLException {
        Map<TopicPartition, Long> committed = control.lockOffsets(conn, partitions);
        // Tasks that share a job would serialize on its row for their whole transaction if they locked it first.
        // So the row is read without a lock, this flush's progress is collected apart ('jobs'), and the row is
        // locked only at the end, where the progress is added to it unless another task committed one of the same
        // indexes meanwhile (IndexConflict: the flush runs again, the row locked first).
        Map<String, JobProgress> read = jobs.read(conn, jobIds, lockJobsFirst);
        Map<String, JobProgress> flush = new LinkedHashMap<>();
        read.forEach((id, p) -> flush.put(id, JobProgress.fresh(id, p.topic(), p.predictedTotal())));
        List<Row> rows = new ArrayList<>();
        Map<SinkRecord, JobHeaders> jobOf = new IdentityHashMap<>();
        int skipped = outOfScope;
        int deadLettered = 0;
        for (Item i : items) {
            TopicPartition tp = new TopicPartition(i.record.topic(), i.record.kafkaPartition());
            if (i.record.kafkaOffset() <= committed.getOrDefault(tp, -1L)) {
                skipped++;
                continue;
            }
            JobProgress job = i.job == null ? null : flush.get(i.job.jobKey());
            if (job != null && read.get(i.job.jobKey()).state() == JobProgress.State.FAILED) {
                log.trace("Job {} failed; skipping {}", job.jobId(), i.record);
                skipped++; // a failed job's remaining records are not written
                continue;
            }
            if (job != null) {
                if (MappedChunk.isEmptyRunMarker(i.job)) {
                    job.endAt(0);
                    continue;
                }
                if (read.get(i.job.jobKey()).contains(i.job.currentIndex()) || !job.claim(i.job.currentIndex())) {
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
            Set<Row> failed = Collections.newSetFromMap(new IdentityHashMap<>());
            statements.executeIsolating(conn, shape, definitions.get(shape.table()), group, failed, bad);
            for (Row r : group) {
                JobHeaders h = jobOf.get(r.record());
                boolean ok = !failed.contains(r);
                if (ok) {
                    written++;
                } else {
                    deadLettered++;
                }
                if (h != null) {
                    JobProgress p = flush.get(h.jobKey());
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
        JobLedger.Absorbed absorbed = jobs.absorb(conn, flush, read, lockJobsFirst);
        List<JobProgress> ended = new ArrayList<>(absorbed.ended());
        conn.commit();
        jobs.committed();
        if (staging != null && staging.swapsAfterCommit()) {
            for (Iterator<JobProgress> it = ended.iterator(); it.hasNext(); ) {
                if (!swapIn(conn, it.next())) {
                    it.remove(); // another task finished the swap and sent the 'end'
                }
            }
        }
        if (staging != null) {
            for (JobProgress p : absorbed.rows()) {
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
                written, skipped, deadLettered, flush.keySet());
        return new FlushResult(result, written, skipped, deadLettered);
    }
}
