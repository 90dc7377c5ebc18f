package org.pkuse.connect.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.pkuse.connect.jdbc.dialect.JdbcUrls;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.job.JobScope;
import org.pkuse.connect.jdbc.writer.BadRecordHandler;
import org.pkuse.connect.jdbc.writer.BatchWriter;
import org.pkuse.connect.jdbc.writer.DeadLetterQueue;
import org.pkuse.connect.jdbc.writer.FlushResult;
import org.pkuse.connect.jdbc.writer.MappedChunk;
import org.pkuse.connect.jdbc.writer.RecordMapper;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records across {@code put()} calls and hands them, {@code batch.size} at a time, to its {@link FlushThread},
 * which writes each chunk in one transaction with the control tables (see {@link BatchWriter}) while this thread
 * converts the next records. {@link #preCommit} writes everything buffered, waits, and returns only offsets that are
 * committed in the database; {@link #open} rewinds the consumer to the offsets the database holds.
 */
public class JdbcSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(JdbcSinkTask.class);
    static final String TASK_INDEX = "pkuse.task.index";
    /** How soon the task comes back to collect a write in flight when no records arrive. */
    private static final long IN_FLIGHT_POLL_MS = 100;

    private JdbcSinkConfig config;
    private String connectorName;
    private String taskLabel;
    private StatusReporter reporter;
    private StatusHistory history;
    private HikariDataSource dataSource;
    private volatile SinkDatabase db;
    private RecordMapper mapper;
    private JobScope scope;
    private DeadLetterQueue deadLetters;

    private final RecordBuffer buffer = new RecordBuffer();
    private FlushThread<MappedChunk> flushThread;
    private Exception failure;
    private int consecutiveFailures;
    private RuntimeException fatal;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSinkConfig(props);
        connectorName = props.getOrDefault("name", "jdbc-sink");
        taskLabel = connectorName + "-" + props.getOrDefault(TASK_INDEX, "0");
        StatusConfig statusConfig = new StatusConfig(config, connectorName);
        reporter = new StatusReporter(statusConfig, taskLabel);
        history = new StatusHistory(statusConfig, taskLabel);
        reporter.ensureTopic();
        dataSource = ConnectionPool.open(config, "pkuse-jdbc-" + taskLabel);
        flushThread = new FlushThread<>("pkuse-jdbc-flush-" + taskLabel);
        mapper = new RecordMapper(config);
        scope = new JobScope(config.jobTaskId());
        ErrantRecordReporter errantReporter;
        try {
            errantReporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            errantReporter = null;
        }
        deadLetters = new DeadLetterQueue(errantReporter, taskLabel);
        log.info("JDBC sink task {} started: {} into {} ({} mode, pk.mode {}, write.mode {}, batch.size {}), {}",
                taskLabel, JdbcUrls.redact(config.connectionUrl()), config.tableNameFormat(),
                config.insertMode().name().toLowerCase(), config.pkMode().name().toLowerCase(),
                config.writeMode().code(), config.batchSize(), scope);
    }

    /** Reaches the database on first use, so a database away at start is retried. */
    private synchronized SinkDatabase ensureReady() throws SQLException {
        if (db == null) {
            db = SinkDatabase.open(config, dataSource, mapper, connectorName, taskLabel, reporter, history);
        }
        return db;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> rewind = new HashMap<>();
        collect(); // a cooperative rebalance may open partitions while a write is in flight
        try {
            SinkDatabase database = ensureReady();
            try (Connection conn = dataSource.getConnection()) {
                conn.setAutoCommit(true);
                Map<TopicPartition, Long> stored = database.control().readOffsets(conn, partitions);
                buffer.committed(stored);
                stored.forEach((tp, offset) -> rewind.put(tp, offset + 1));
            }
        } catch (SQLException | RuntimeException e) {
            // Not fatal: every flush re-checks the committed offsets under lock, so nothing is written twice.
            log.warn("Task {}: could not read committed offsets for {} ({}); the consumer's own offsets are used",
                    taskLabel, partitions, e.toString());
            return;
        }
        if (!rewind.isEmpty()) {
            log.info("Task {}: resuming {} from the offsets committed in the database", taskLabel, rewind);
            context.offset(rewind);
        }
        finishPendingSwaps(); // a task that died between a job's ending commit and its swap gets no more records
    }

    /** Overwrite mode on MySQL/MariaDB: swaps in the staging tables of ended jobs whose swap was cut short. */
    private void finishPendingSwaps() {
        try {
            db.writer().finishPendingSwaps();
        } catch (SQLException | RuntimeException e) {
            log.warn("Task {}: could not finish the pending table swaps ({}); retried before the next write and "
                    + "at the next offset commit", taskLabel, SqlErrors.brief(e));
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // The write in flight may hold records of these partitions: let it finish first (its failure, if any, is
        // raised on the next put or preCommit).
        collect();
        int dropped = buffer.drop(partitions);
        if (dropped > 0) {
            log.info("Task {}: {} buffered record(s) of revoked partitions dropped; their new owner re-reads them",
                    taskLabel, dropped);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        if (flushThread.busy() && flushThread.done()) {
            collect();
        }
        raiseFailure();
        buffer.add(records);
        if (buffer.isEmpty()) {
            if (flushThread.busy()) {
                context.timeout(IN_FLIGHT_POLL_MS); // come back soon to collect the write in flight
            }
            return;
        }
        long now = System.currentTimeMillis();
        boolean due = buffer.waitedMs(now) >= config.flushInterval().toMillis();
        if (buffer.size() >= config.batchSize() || due) {
            collect(); // waits for the chunk in flight: at most one is written while the next one fills
            raiseFailure();
            handOver(due);
        }
        long left = buffer.isEmpty() ? IN_FLIGHT_POLL_MS
                : Math.max(1, config.flushInterval().toMillis() - buffer.waitedMs(now));
        context.timeout(flushThread.busy() ? Math.min(left, IN_FLIGHT_POLL_MS) : left);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (fatal == null) {
            try {
                flushAll();
            } catch (RetriableException e) {
                log.debug("Task {}: flush before offset commit will be retried: {}", taskLabel, e.getMessage());
            } catch (RuntimeException e) {
                fatal = e instanceof ConnectException ? e : new ConnectException(e);
                log.error("Task {}: flush before offset commit failed: {}", taskLabel, SqlErrors.brief(e));
            }
            SinkDatabase database = db;
            if (fatal == null && database != null && database.writer().swapsToCheck() && !flushThread.busy()) {
                finishPendingSwaps();
            }
        }
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            Long offset = buffer.committedOffset(tp);
            if (offset != null) {
                result.put(tp, new OffsetAndMetadata(offset + 1));
            }
        }
        return result;
    }

    /** Writes everything buffered and waits for it. */
    private void flushAll() {
        collect();
        raiseFailure();
        if (!buffer.isEmpty()) {
            handOver(true);
            collect();
            raiseFailure();
        }
    }

    /** Hands the buffer's full chunks (or, when {@code all}, everything) to the flush thread. */
    private void handOver(boolean all) {
        int size = config.batchSize();
        int n = all ? buffer.size() : buffer.size() / size * size;
        if (n == 0) {
            return;
        }
        List<MappedChunk> chunks = new ArrayList<>(n / size + 1);
        List<SinkRecord> handed = buffer.first(n);
        for (int i = 0; i < n; i += size) {
            // Mapped here, on the task thread, while the flush thread writes the previous chunk.
            chunks.add(MappedChunk.map(new ArrayList<>(handed.subList(i, Math.min(n, i + size))), mapper, scope));
        }
        buffer.remove(n);
        flushThread.submit(chunks, chunk -> writeChunk(chunk, deadLetters.onFlushThread()));
    }

    private FlushResult writeChunk(MappedChunk chunk, BadRecordHandler bad) throws SQLException {
        BatchWriter writer = ensureReady().writer();
        long started = System.nanoTime();
        FlushResult result = writer.write(chunk, bad);
        log.debug("Task {}: flushed {} record(s) in {} ms ({} written, {} skipped, {} dead-lettered)",
                taskLabel, chunk.records().size(), (System.nanoTime() - started) / 1_000_000, result.written(),
                result.skipped(), result.deadLettered());
        return result;
    }

    /** Takes in the outcome of the write in flight, if any: committed offsets, or the unwritten chunks back. */
    private void collect() {
        FlushThread.Outcome<MappedChunk> outcome = flushThread.await();
        if (outcome == null) {
            return;
        }
        for (FlushResult r : outcome.written()) {
            buffer.committed(r.committedOffsets());
            consecutiveFailures = 0;
        }
        if (outcome.failed()) {
            List<SinkRecord> back = new ArrayList<>();
            outcome.unwritten().forEach(c -> back.addAll(c.records()));
            buffer.putBack(back);
            failure = outcome.error();
        }
    }

    /** Acts on the last write's failure: dead-letters here, retries, or fails the task (throws). */
    private void raiseFailure() {
        if (failure == null) {
            return;
        }
        Exception error = failure;
        int count = buffer.takeReturned(); // fewer than came back when partitions were revoked meanwhile
        failure = null;
        if (DeadLetterQueue.retryOnTaskThread(error)) {
            // The worker's errant-record reporter is only safe on the task's own thread (KAFKA-16087, before
            // Kafka 3.8): a chunk with a bad record is written again here, rolled back as it was.
            try {
                int size = config.batchSize();
                while (count > 0) {
                    int n = Math.min(count, size);
                    FlushResult r = writeChunk(MappedChunk.map(buffer.first(n), mapper, scope),
                            deadLetters.onTaskThread());
                    buffer.committed(r.committedOffsets());
                    buffer.remove(n);
                    count -= n;
                    consecutiveFailures = 0;
                }
                return;
            } catch (SQLException | RuntimeException e) {
                error = e;
            }
        }
        onWriteFailure(error);
    }

    private void onWriteFailure(Exception e) {
        if (e instanceof RetriableException re) {
            throw re;
        }
        if (SqlErrors.isTransient(e)) {
            consecutiveFailures++;
            if (consecutiveFailures <= config.maxRetries()) {
                log.warn("Task {}: transient database error (attempt {} of {}), retrying in {} ms: {}",
                        taskLabel, consecutiveFailures, config.maxRetries() + 1, config.retryBackoff().toMillis(),
                        SqlErrors.brief(e));
                context.timeout(config.retryBackoff().toMillis());
                throw new RetriableException("Transient database error; retrying", e);
            }
            ConnectException failed = new ConnectException("Database still failing after "
                    + config.maxRetries() + " retries (" + JdbcUrls.redact(config.connectionUrl()) + ")", e);
            failJobs(failed);
            fatal = failed;
            throw failed;
        }
        ConnectException failed = e instanceof ConnectException ce ? ce
                : new ConnectException("Writing failed: " + SqlErrors.brief(e), e);
        failJobs(failed);
        fatal = failed;
        throw failed;
    }

    /** The job(s) of the buffered records cannot complete: mark them FAILED and send their 'error' once. */
    private void failJobs(Throwable error) {
        Map<String, String> jobs = scope.jobsIn(buffer.records());
        if (jobs.isEmpty()) {
            return;
        }
        SinkDatabase database = db;
        if (database == null) {
            log.error("Task {}: job(s) {} cannot be marked FAILED: the database was never reached", taskLabel,
                    jobs.keySet());
            return;
        }
        database.failJobs(jobs, "JDBC sink task " + taskLabel + " failed: " + error.getMessage(), error,
                reporter.config().timeout().multipliedBy(2));
    }

    @Override
    public void stop() {
        if (flushThread != null) {
            flushThread.close(); // lets the write in flight finish; it commits or rolls back as a whole
        }
        if (db != null) {
            db.close(); // events still owed stay in the events table for the next publisher
        }
        if (reporter != null) {
            reporter.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        log.info("JDBC sink task {} stopped", taskLabel);
    }
}
