package org.pkuse.connect.jdbc.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import org.apache.kafka.common.TopicPartition;
import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.errors.BadRecordHandler;
import org.pkuse.connect.jdbc.job.ControlTables;
import org.pkuse.connect.jdbc.job.JobLedger;
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
    private final WriteMode mode;
    private final FlushTables tables;
    private final AtomicBoolean swapsToCheck = new AtomicBoolean(true);

    public BatchWriter(DataSource dataSource, DatabaseDialect dialect, TableCatalog catalog, JobLedger jobs,
                       RecordMapper mapper, ValueBinder binder, WriteMode mode) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.control = jobs.control();
        this.jobs = jobs;
        this.mapper = mapper;
        this.statements = new RowStatements(dialect, binder);
        this.mode = mode;
        this.tables = new FlushTables(catalog, mode);
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
            if (!written && mode.swapsAfterCommit()) {
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
        if (!mode.swapsAfterCommit()) {
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
            mode.swapIn(conn, job);
        } finally {
            conn.setAutoCommit(auto);
        }
        return jobs.swapped(conn, job);
    }

    private FlushResult writeChunk(MappedChunk chunk, BadRecordHandler bad) throws SQLException {
        Map<TopicPartition, Long> maxOffsets = chunk.maxOffsets();
        List<Item> items = chunk.items();

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

                Flush flush = new Flush(items, chunk.outOfScope(), partitions, maxOffsets, firstOfJob.keySet(),
                        definitions, bad);
                conn.setAutoCommit(false);
                try {
                    Optional<FlushResult> result = writeInTransaction(conn, flush, false);
                    if (result.isEmpty()) {
                        result = writeInTransaction(conn, flush, true);
                    }
                    return result.orElseThrow(() -> new IllegalStateException(
                            "a flush conflicted with another task although it locked its jobs' rows first"));
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

    /**
     * One try at the flush's transaction; empty (rolled back) when another task committed one of its indexes, or
     * failed one of its jobs, since the jobs' rows were read without a lock.
     */
    private Optional<FlushResult> writeInTransaction(Connection conn, Flush flush, boolean lockJobsFirst)
            throws SQLException {
        Map<TopicPartition, Long> committed = control.lockOffsets(conn, flush.partitions());
        // Tasks that share a job would serialize on its row for their whole transaction if they locked it first.
        // So the row is read without a lock, this flush's progress is collected apart, and the row is locked only
        // at the end, where the progress is added to it unless another task got there meanwhile.
        Map<String, JobProgress> read = jobs.read(conn, flush.jobIds(), lockJobsFirst);
        FlushSelection selection = FlushSelection.select(flush.items(), flush.outOfScope(), committed, read,
                flush.bad(), r -> String.valueOf(mapper.tableFor(r.topic())));
        Map<Operation, Integer> operations = new EnumMap<>(Operation.class);
        int written = writeRows(conn, selection, flush, operations);

        Map<TopicPartition, Long> newOffsets = new HashMap<>();
        for (TopicPartition tp : flush.partitions()) {
            long max = flush.maxOffsets().get(tp);
            if (max > committed.getOrDefault(tp, -1L)) {
                newOffsets.put(tp, max);
            }
        }
        control.updateOffsets(conn, newOffsets);
        JobLedger.Absorbed absorbed = jobs.absorb(conn, selection.progress(), read, lockJobsFirst);
        if (absorbed.conflict() != null) {
            SqlErrors.rollbackQuietly(conn);
            log.debug("{}; writing the flush again with the jobs' rows locked first", absorbed.conflict());
            return Optional.empty();
        }
        conn.commit();
        jobs.committed(absorbed);
        afterCommit(conn, absorbed);

        Map<TopicPartition, Long> result = new HashMap<>(committed);
        result.putAll(newOffsets);
        result.keySet().retainAll(flush.maxOffsets().keySet());
        result.values().removeIf(v -> v < 0);
        log.debug("Flushed {} record(s): {} written, {} skipped, {} dead-lettered, jobs {}",
                flush.items().size() + flush.outOfScope(), written, selection.skipped(), selection.deadLettered(),
                selection.progress().keySet());
        return Optional.of(new FlushResult(result, written, selection.skipped(), selection.deadLettered(),
                operations, absorbed.rows()));
    }

    /**
     * Writes the selected rows, one JDBC batch per run of rows of one shape; returns how many the database took,
     * and counts them by operation into {@code operations}.
     */
    private int writeRows(Connection conn, FlushSelection selection, Flush flush, Map<Operation, Integer> operations)
            throws SQLException {
        List<Row> rows = selection.rows();
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
            statements.executeIsolating(conn, shape, flush.definitions().get(shape.table()), group, failed,
                    flush.bad());
            for (Row r : group) {
                boolean ok = !failed.contains(r);
                selection.counted(r, ok);
                written += ok ? 1 : 0;
            }
            operations.merge(shape.operation(), group.size() - failed.size(), Integer::sum);
            start = end;
        }
        return written;
    }

    /**
     * After the commit: swaps in the tables of the jobs it ended where the swap follows the commit (the caller
     * that flips a job to ENDED sends its 'end'), and undoes what was prepared for records of jobs that had ended
     * before (sent again).
     */
    private void afterCommit(Connection conn, JobLedger.Absorbed absorbed) throws SQLException {
        if (mode.swapsAfterCommit()) {
            for (JobProgress job : absorbed.ended()) {
                swapIn(conn, job);
            }
        }
        for (JobProgress p : absorbed.rows()) {
            if (p.state() == JobProgress.State.ENDED && !absorbed.ended().contains(p)) {
                mode.dropIfPrepared(conn, p);
            }
        }
    }

    /** What one flush writes, prepared before its transaction. */
    private record Flush(List<Item> items, int outOfScope, List<TopicPartition> partitions,
                         Map<TopicPartition, Long> maxOffsets, Collection<String> jobIds,
                         Map<TableId, TableDefinition> definitions, BadRecordHandler bad) {
    }
}
