package org.pkuse.connect.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersReader;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DatabaseDialects;
import org.pkuse.connect.jdbc.dialect.JdbcUrls;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.job.ControlTables;
import org.pkuse.connect.jdbc.job.JobProgress;
import org.pkuse.connect.jdbc.job.JobScope;
import org.pkuse.connect.jdbc.schema.TableCatalog;
import org.pkuse.connect.jdbc.writer.BadRecordHandler;
import org.pkuse.connect.jdbc.writer.BatchWriter;
import org.pkuse.connect.jdbc.writer.FlushResult;
import org.pkuse.connect.jdbc.writer.JobEvents;
import org.pkuse.connect.jdbc.writer.RecordMapper;
import org.pkuse.connect.jdbc.writer.StagingTables;
import org.pkuse.connect.jdbc.writer.ValueBinder;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.RunOutcome;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records across {@code put()} calls and writes them, {@code batch.size} at a time, each in one transaction
 * with the control tables (see {@link BatchWriter}). {@link #preCommit} flushes and returns only offsets that are
 * committed in the database; {@link #open} rewinds the consumer to the offsets the database holds.
 */
public class JdbcSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(JdbcSinkTask.class);
    static final String TASK_INDEX = "pkuse.task.index";

    private JdbcSinkConfig config;
    private String connectorName;
    private String taskLabel;
    private StatusReporter reporter;
    private HikariDataSource dataSource;
    private BatchWriter writer;
    private StagingTables staging;
    private ControlTables control;
    private RecordMapper mapper;
    private ErrantRecordReporter errantReporter;

    private final List<SinkRecord> buffer = new ArrayList<>();
    private final Map<TopicPartition, Long> bufferedUpTo = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<String, JobRun> runs = new HashMap<>();
    private long firstBufferedAt;
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
        reporter = new StatusReporter(new StatusConfig(config, connectorName), taskLabel);
        reporter.ensureTopic();
        dataSource = ConnectionPool.open(config, "pkuse-jdbc-" + taskLabel);
        try {
            errantReporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            errantReporter = null;
        }
        log.info("JDBC sink task {} started: {} into {} ({} mode, pk.mode {}, write.mode {}, batch.size {}), {}",
                taskLabel, JdbcUrls.redact(config.connectionUrl()), config.tableNameFormat(),
                config.insertMode().name().toLowerCase(), config.pkMode().name().toLowerCase(),
                config.writeMode().code(), config.batchSize(), new JobScope(config.jobTaskId()));
    }

    /** Resolves the dialect and creates the control tables on first use, so a database away at start is retried. */
    private void ensureReady() throws SQLException {
        if (writer != null) {
            return;
        }
        try (Connection conn = dataSource.getConnection()) {
            ServerInfo server = ServerInfo.of(conn.getMetaData());
            DatabaseDialect dialect = DatabaseDialects.resolve(config.dialectName(), config.connectionUrl(), server);
            TableCatalog catalog = new TableCatalog(dialect, config.autoCreate(), config.autoEvolve(),
                    new DatabaseDialect.TypeOptions(config.keyVarcharLength(), config.decimalDefaultPrecision()));
            control = new ControlTables(dialect, TableId.parse(config.offsetsTable()),
                    TableId.parse(config.jobsTable()), connectorName);
            conn.setAutoCommit(true);
            control.create(conn);
            mapper = new RecordMapper(config);
            staging = config.writeMode() == JdbcSinkConfig.WriteMode.OVERWRITE
                    ? new StagingTables(dialect, catalog, mapper) : null;
            writer = new BatchWriter(dataSource, dialect, catalog, control, mapper,
                    new ValueBinder(config.dbTimeZone()), new JobScope(config.jobTaskId()), new StatusEvents(),
                    staging);
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> rewind = new HashMap<>();
        try {
            ensureReady();
            try (Connection conn = dataSource.getConnection()) {
                conn.setAutoCommit(true);
                Map<TopicPartition, Long> stored = control.readOffsets(conn, partitions);
                committed.putAll(stored);
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
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        Set<TopicPartition> closed = new LinkedHashSet<>(partitions);
        int dropped = 0;
        for (Iterator<SinkRecord> it = buffer.iterator(); it.hasNext(); ) {
            SinkRecord r = it.next();
            if (closed.contains(new TopicPartition(r.topic(), r.kafkaPartition()))) {
                it.remove();
                dropped++;
            }
        }
        closed.forEach(tp -> {
            bufferedUpTo.remove(tp);
            committed.remove(tp);
        });
        if (dropped > 0) {
            log.info("Task {}: {} buffered record(s) of revoked partitions dropped; their new owner re-reads them",
                    taskLabel, dropped);
        }
        if (buffer.isEmpty()) {
            firstBufferedAt = 0;
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        for (SinkRecord r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.kafkaPartition());
            long seen = bufferedUpTo.getOrDefault(tp, committed.getOrDefault(tp, -1L));
            if (r.kafkaOffset() <= seen) {
                continue; // redelivered after a retry, or committed already
            }
            buffer.add(r);
            bufferedUpTo.put(tp, r.kafkaOffset());
        }
        if (buffer.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        if (firstBufferedAt == 0) {
            firstBufferedAt = now;
        }
        long waited = now - firstBufferedAt;
        if (buffer.size() >= config.batchSize() || waited >= config.flushInterval().toMillis()) {
            flushWithRetries();
        } else {
            context.timeout(Math.max(1, config.flushInterval().toMillis() - waited));
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (!buffer.isEmpty() && fatal == null) {
            try {
                flushWithRetries();
            } catch (RetriableException e) {
                log.debug("Task {}: flush before offset commit will be retried: {}", taskLabel, e.getMessage());
            } catch (RuntimeException e) {
                fatal = e instanceof ConnectException ? e : new ConnectException(e);
                log.error("Task {}: flush before offset commit failed: {}", taskLabel, e.getMessage());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            Long offset = committed.get(tp);
            if (offset != null) {
                result.put(tp, new OffsetAndMetadata(offset + 1));
            }
        }
        return result;
    }

    private void flushWithRetries() {
        try {
            ensureReady();
            while (!buffer.isEmpty()) {
                int n = Math.min(buffer.size(), config.batchSize());
                List<SinkRecord> chunk = new ArrayList<>(buffer.subList(0, n));
                long started = System.nanoTime();
                FlushResult result = writer.write(chunk, new DeadLetters());
                committed.putAll(result.committedOffsets());
                buffer.subList(0, n).clear();
                consecutiveFailures = 0;
                log.debug("Task {}: flushed {} record(s) in {} ms ({} written, {} skipped, {} dead-lettered)",
                        taskLabel, n, (System.nanoTime() - started) / 1_000_000, result.written(), result.skipped(),
                        result.deadLettered());
            }
            firstBufferedAt = 0;
        } catch (SQLException | RuntimeException e) {
            if (e instanceof RetriableException) {
                throw (RetriableException) e;
            }
            if (SqlErrors.isTransient(e)) {
                consecutiveFailures++;
                if (consecutiveFailures <= config.maxRetries()) {
                    log.warn("Task {}: transient database error (attempt {} of {}), retrying in {} ms: {}",
                            taskLabel, consecutiveFailures, config.maxRetries() + 1, config.retryBackoff().toMillis(),
                            e.toString());
                    context.timeout(config.retryBackoff().toMillis());
                    throw new RetriableException("Transient database error; retrying", e);
                }
                ConnectException failure = new ConnectException("Database still failing after "
                        + config.maxRetries() + " retries (" + JdbcUrls.redact(config.connectionUrl()) + ")", e);
                failJobs(failure);
                fatal = failure;
                throw failure;
            }
            ConnectException failure = e instanceof ConnectException ce ? ce
                    : new ConnectException("Writing failed: " + e.getMessage(), e);
            failJobs(failure);
            fatal = failure;
            throw failure;
        }
    }

    /** The job(s) of the buffered records cannot complete: mark them FAILED and send their 'error' once. */
    private void failJobs(Throwable error) {
        Map<String, String> jobs = new HashMap<>();
        JobScope scope = new JobScope(config.jobTaskId());
        for (SinkRecord r : buffer) {
            try {
                JobHeaders h = JobHeadersReader.read(r.headers()).orElse(null);
                if (h != null && scope.accepts(h.taskId())) {
                    jobs.putIfAbsent(h.taskId(), r.topic());
                }
            } catch (RuntimeException ignored) {
                // a malformed header belongs to no job
            }
        }
        if (jobs.isEmpty()) {
            return;
        }
        List<String> flipped = writer == null ? new ArrayList<>(jobs.keySet())
                : writer.markFailed(new ArrayList<>(jobs.keySet()));
        for (String id : flipped) {
            JobRun run = runs.computeIfAbsent(id, k -> JobRun.resume(reporter, Side.SINK, k, jobs.get(k), 0));
            try {
                run.fail("JDBC sink task " + taskLabel + " failed: " + error.getMessage(), error, null);
            } catch (RuntimeException e) {
                log.error("Task {}: could not send the 'error' event of job {}: {}", taskLabel, id, e.toString());
            }
            if (staging != null) {
                try (Connection conn = dataSource.getConnection()) {
                    conn.setAutoCommit(true);
                    staging.discard(conn, id, jobs.get(id));
                } catch (SQLException | RuntimeException e) {
                    log.warn("Task {}: could not drop the staging table of failed job {}: {}", taskLabel, id,
                            e.toString());
                }
            }
        }
    }

    @Override
    public void stop() {
        if (reporter != null) {
            reporter.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        log.info("JDBC sink task {} stopped", taskLabel);
    }

    /** Bad records go to the dead-letter queue when the worker has one for this connector, else fail the task. */
    private final class DeadLetters implements BadRecordHandler {
        @Override
        public void handle(SinkRecord record, String table, Throwable error) {
            String where = "record at " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset()
                    + " (topic " + record.topic() + ", partition " + record.kafkaPartition() + ", offset "
                    + record.kafkaOffset() + ") into table " + table;
            if (errantReporter != null) {
                try {
                    errantReporter.report(record, error).get();
                    log.warn("Task {}: {} sent to the dead-letter queue: {}", taskLabel, where, error.getMessage());
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("Interrupted while reporting the " + where, e);
                } catch (Exception e) {
                    throw new ConnectException("Could not write the " + where + ": " + error.getMessage(), error);
                }
            }
            throw new ConnectException("Could not write the " + where + ": " + error.getMessage(), error);
        }
    }

    /** Status events of the jobs this task's flushes touch. */
    private final class StatusEvents implements JobEvents {
        @Override
        public void started(String jobId, String topic, long predictedTotal) {
            runs.put(jobId, JobRun.start(reporter, Side.SINK, jobId, topic, predictedTotal));
        }

        @Override
        public void progressed(JobProgress job) {
            JobRun run = run(job);
            run.predictedTotal(job.predictedTotal());
            run.progress(job.committed());
        }

        @Override
        public void ended(JobProgress job) {
            JobRun run = run(job);
            run.predictedTotal(job.predictedTotal());
            try {
                run.end(RunOutcome.of(job.written()).withDeadLettered(job.deadLettered()));
            } catch (RuntimeException e) {
                log.error("Task {}: job {} ended with {} row(s) but its 'end' event could not be sent: {}",
                        taskLabel, job.jobId(), job.written(), e.toString());
            }
            runs.remove(job.jobId());
        }

        private JobRun run(JobProgress job) {
            return runs.computeIfAbsent(job.jobId(),
                    k -> JobRun.resume(reporter, Side.SINK, k, job.topic(), job.predictedTotal()));
        }
    }
}
