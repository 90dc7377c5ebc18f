package org.pkuse.connect.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.common.metrics.SinkTaskMetrics;
import org.pkuse.connect.headers.JobScope;
import org.pkuse.connect.jdbc.connection.ConnectionPool;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.errors.BadRecordHandler;
import org.pkuse.connect.jdbc.errors.DeadLetterQueue;
import org.pkuse.connect.jdbc.errors.ErrorText;
import org.pkuse.connect.jdbc.errors.FailurePolicy;
import org.pkuse.connect.jdbc.writer.BatchWriter;
import org.pkuse.connect.jdbc.writer.FlushResult;
import org.pkuse.connect.jdbc.writer.MappedChunk;
import org.pkuse.connect.jdbc.writer.RecordMapper;
import org.pkuse.connect.status.Redactor;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records across {@code put()} calls and hands them, {@code batch.size} at a time, to its {@link FlushThread}
 * ({@link BufferedWrites}), which writes each chunk in one transaction with the control tables (see
 * {@link BatchWriter}) while this thread converts the next records. {@link #preCommit} writes everything buffered,
 * waits, and returns only offsets that are committed in the database; {@link #open} rewinds the consumer to the
 * offsets the database holds.
 */
public class JdbcSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(JdbcSinkTask.class);
    static final String TASK_INDEX = "pkuse.task.index";
    /** How soon the task comes back to collect a write in flight when no records arrive. */
    private static final long IN_FLIGHT_POLL_MS = 100;

    private JdbcSinkConfig config;
    private ErrorText errorText = ErrorText.WITHOUT_VALUES;
    private String connectorName;
    private String taskLabel;
    private StatusReporter reporter;
    private StatusHistory history;
    private HikariDataSource dataSource;
    private volatile SinkDatabase db;
    private RecordMapper mapper;
    private JobScope scope;
    private DeadLetterQueue deadLetters;

    private SinkTaskMetrics metrics;
    private BufferedWrites writes;
    private FailurePolicy failures;
    private RuntimeException fatal;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSinkConfig(props);
        errorText = new ErrorText(config.errorsIncludeValues());
        connectorName = props.getOrDefault("name", "jdbc-sink");
        String taskIndex = props.getOrDefault(TASK_INDEX, "0");
        taskLabel = connectorName + "-" + taskIndex;
        StatusConfig statusConfig = new StatusConfig(config, connectorName);
        reporter = new StatusReporter(statusConfig, taskLabel, taskIndex);
        metrics = new SinkTaskMetrics(connectorName, taskIndex);
        history = new StatusHistory(statusConfig, taskLabel);
        reporter.ensureTopic();
        dataSource = ConnectionPool.open(config, "pkuse-jdbc-" + taskLabel);
        mapper = new RecordMapper(config);
        scope = new JobScope(config.jobTaskId());
        ErrantRecordReporter errantReporter;
        try {
            errantReporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            errantReporter = null;
        }
        deadLetters = new DeadLetterQueue(errantReporter, errorText);
        failures = new FailurePolicy(config.maxRetries(), config.retryBackoff(), errorText,
                Redactor.redact(config.connectionUrl()));
        writes = new BufferedWrites(new FlushThread<>("pkuse-jdbc-flush-" + taskLabel), config.batchSize(),
                records -> MappedChunk.map(records, mapper, scope), this::writeChunk, deadLetters,
                failures::succeeded);
        log.info("JDBC sink task {} started: {} into {} ({} mode, pk.mode {}, write.mode {}, batch.size {}), {}",
                taskLabel, Redactor.redact(config.connectionUrl()), config.tableNameFormat(),
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
        writes.collect(); // a cooperative rebalance may open partitions while a write is in flight
        try {
            SinkDatabase database = ensureReady();
            try (Connection conn = dataSource.getConnection()) {
                conn.setAutoCommit(true);
                Map<TopicPartition, Long> stored = database.control().readOffsets(conn, partitions);
                writes.committed(stored);
                stored.forEach((tp, offset) -> rewind.put(tp, offset + 1));
            }
        } catch (SQLException | RuntimeException e) {
            // Not fatal: every flush re-checks the committed offsets under lock, so nothing is written twice.
            log.warn("could not read committed offsets for {} ({}); the consumer's own offsets are used", partitions,
                    e.toString());
            return;
        }
        if (!rewind.isEmpty()) {
            log.info("resuming {} from the offsets committed in the database", rewind);
            context.offset(rewind);
        }
        finishPendingSwaps(); // a task that died between a job's ending commit and its swap gets no more records
    }

    /** Overwrite mode on MySQL/MariaDB: swaps in the staging tables of ended jobs whose swap was cut short. */
    private void finishPendingSwaps() {
        try {
            db.writer().finishPendingSwaps();
        } catch (SQLException | RuntimeException e) {
            log.warn("could not finish the pending table swaps ({}); retried before the next write and "
                    + "at the next offset commit", SqlErrors.brief(e));
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // The write in flight may hold records of these partitions: it finishes first (its failure, if any, is
        // raised on the next put or preCommit).
        int dropped = writes.drop(partitions);
        if (dropped > 0) {
            log.info("{} buffered record(s) of revoked partitions dropped; their new owner re-reads them", dropped);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        if (writes.busy() && writes.done()) {
            writes.collect();
        }
        raiseFailure();
        writes.add(records);
        if (writes.isEmpty()) {
            if (writes.busy()) {
                context.timeout(IN_FLIGHT_POLL_MS); // come back soon to collect the write in flight
            }
            return;
        }
        long now = System.currentTimeMillis();
        boolean due = writes.waitedMs(now) >= config.flushInterval().toMillis();
        if (writes.size() >= config.batchSize() || due) {
            // Maps the next chunks while the one in flight is written, then waits for it and hands them over.
            if (!writes.handOver(due)) {
                raiseFailure(); // throws, or wrote the records of a dead-lettered chunk again on this thread
                writes.handOver(due);
            }
        }
        long left = writes.isEmpty() ? IN_FLIGHT_POLL_MS
                : Math.max(1, config.flushInterval().toMillis() - writes.waitedMs(now));
        context.timeout(writes.busy() ? Math.min(left, IN_FLIGHT_POLL_MS) : left);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (fatal == null) {
            try {
                flushAll();
            } catch (RetriableException e) {
                log.debug("flush before offset commit will be retried: {}", e.getMessage());
            } catch (RuntimeException e) {
                fatal = new ConnectException(errorText.brief(e), errorText.shown(e));
                log.error("flush before offset commit failed: {}", errorText.brief(e));
            }
            SinkDatabase database = db;
            if (fatal == null && database != null && database.writer().swapsToCheck() && !writes.busy()) {
                finishPendingSwaps();
            }
            if (database != null) {
                database.refresh(metrics);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            Long offset = writes.committedOffset(tp);
            if (offset != null) {
                result.put(tp, new OffsetAndMetadata(offset + 1));
            }
        }
        return result;
    }

    /** Writes everything buffered and waits for it. */
    private void flushAll() {
        writes.collect();
        raiseFailure();
        if (!writes.isEmpty()) {
            writes.handOver(true);
            writes.collect();
            raiseFailure();
        }
    }

    private FlushResult writeChunk(MappedChunk chunk, BadRecordHandler bad) throws SQLException {
        BatchWriter writer = ensureReady().writer();
        long started = System.nanoTime();
        FlushResult result = writer.write(chunk, bad);
        count(result, System.nanoTime() - started);
        log.debug("flushed {} record(s) in {} ms ({} written, {} skipped, {} dead-lettered)", chunk.records().size(),
                (System.nanoTime() - started) / 1_000_000, result.written(), result.skipped(), result.deadLettered());
        return result;
    }

    private void count(FlushResult result, long nanos) {
        metrics.committed(nanos);
        result.operations().forEach((operation, n) -> metrics.written(operation.name(), n));
        metrics.skipped(result.skipped());
        metrics.deadLettered(result.deadLettered());
        result.jobs().forEach(metrics::job);
    }

    /** Acts on the last write's failure: dead-letters (in {@link BufferedWrites}), retries, or fails the task. */
    private void raiseFailure() {
        Exception error = writes.takeFailure();
        if (error != null) {
            onWriteFailure(error);
        }
    }

    private void onWriteFailure(Exception e) {
        FailurePolicy.Outcome outcome = failures.onFailure(e);
        metrics.failed(outcome.error().getMessage(), SqlErrors.isConnectionFailure(e));
        if (outcome.retry()) {
            metrics.retried();
            if (outcome.backoffMs() > 0) {
                context.timeout(outcome.backoffMs());
            }
            throw outcome.error();
        }
        failJobs(outcome.error());
        fatal = outcome.error();
        throw fatal;
    }

    /** The job(s) of the buffered records cannot complete: mark them FAILED and send their 'error' once. */
    private void failJobs(Throwable error) {
        Map<String, String> jobs = scope.jobsIn(writes.records());
        if (jobs.isEmpty()) {
            return;
        }
        SinkDatabase database = db;
        if (database == null) {
            log.error("job(s) {} cannot be marked FAILED: the database was never reached", jobs.keySet());
            return;
        }
        database.failJobs(jobs, "JDBC sink task " + taskLabel + " failed: " + error.getMessage(), error,
                reporter.config().timeout().multipliedBy(2));
        jobs.keySet().forEach(metrics::jobFailed);
    }

    @Override
    public void stop() {
        if (writes != null) {
            writes.close(); // lets the write in flight finish; it commits or rolls back as a whole
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
        if (metrics != null) {
            metrics.close();
        }
        log.info("JDBC sink task {} stopped", taskLabel);
    }
}
