package org.pkuse.connect.hbase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.hbase.sink.BadRecordException;
import org.pkuse.connect.hbase.sink.JobLedgerTable;
import org.pkuse.connect.hbase.sink.JobTables;
import org.pkuse.connect.hbase.sink.RecordMutations;
import org.pkuse.connect.hbase.sink.SinkJobs;
import org.pkuse.connect.hbase.sink.StagingTables;
import org.pkuse.connect.hbase.sink.TableWriters;
import org.pkuse.connect.hbase.sink.TargetTable;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersReader;
import org.pkuse.connect.headers.JobScope;
import org.pkuse.connect.status.SinkJobEvents;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records up to {@code batch.size}, then writes them in one flush: their cells through a
 * {@link BufferedMutator} per table (each job's cells at the job's fixed timestamp, so a record written again
 * lands on the same cell version; in overwrite mode into the job's staging table), flushed, then each job's
 * progress added to its row in the jobs table ({@link SinkJobs}).
 * {@link #preCommit} writes what is buffered and returns only offsets whose cells are durable. A failed write keeps
 * its records and is retried (with {@code retry.backoff.ms}) before any new record is taken.
 */
public class HBaseSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(HBaseSinkTask.class);

    private HBaseSinkConfig config;
    private String taskLabel;
    private StatusConfig statusConfig;
    private StatusReporter reporter;
    private StatusHistory history;
    private JobScope scope;
    private RecordMutations mutations;
    private ErrantRecordReporter deadLetters;
    private Connection connection;
    private TableWriters writers;
    private SinkJobs jobs;
    private final List<SinkRecord> pending = new ArrayList<>();
    private final Map<TopicPartition, Long> durable = new HashMap<>();
    private int consecutiveFailures;
    private RuntimeException fatal;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HBaseSinkConfig(props);
        String connectorName = props.getOrDefault("name", "hbase-sink");
        taskLabel = connectorName + "-" + props.getOrDefault(HBaseSinkConnector.TASK_INDEX, "0");
        statusConfig = new StatusConfig(config, connectorName);
        reporter = new StatusReporter(statusConfig, taskLabel);
        history = new StatusHistory(statusConfig, taskLabel);
        reporter.ensureTopic();
        scope = new JobScope(config.jobId());
        mutations = new RecordMutations(config.columns(), config.keyFields(), config.rowKeyDelimiter(),
                config.valueEncoder(), config.rowKeyEncoder(), config.nullMode(), config.deleteEnabled(),
                config.writeKeyFields(), config.durability());
        try {
            deadLetters = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            deadLetters = null;
        }
        log.info("HBase sink task {} started: into {} at ZooKeeper {}:{}, row key {}, batch.size {}, {}", taskLabel,
                config.table(), config.zkQuorum(), config.zkPort(), config.keyFields(), config.batchSize(), scope);
    }

    /** Reaches HBase on first use, so a cluster away at start is retried like one that goes away later. */
    private void ensureReady() throws IOException {
        if (writers != null) {
            return;
        }
        if (connection == null) {
            connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(config.zkQuorum(),
                    config.zkPort(), config.clientOverrides(), Duration.ofSeconds(60)));
        }
        new TargetTable(connection, config.table(), config.columns().families(), config.splitKeys())
                .ensure(config.autoCreate());
        JobLedgerTable ledger = new JobLedgerTable(connection, config.jobsTable(), statusConfig.connectorName());
        ledger.create();
        JobTables tables = config.overwrite()
                ? new StagingTables(connection, config.table(), statusConfig.connectorName())
                : JobTables.append(config.table());
        jobs = new SinkJobs(ledger, tables, new SinkJobEvents(statusConfig), reporter, history,
                statusConfig.timeout().multipliedBy(2).plusSeconds(30));
        writers = new TableWriters(connection, config.writeBufferBytes());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        if (consecutiveFailures > 0 && !pending.isEmpty()) {
            writePending(); // the failed flush first: no new record is taken while it is owed
        }
        for (SinkRecord r : records) {
            // After a RetriableException the worker hands the same records again; those written since are skipped.
            if (r.kafkaOffset() >= durable.getOrDefault(new TopicPartition(r.topic(), r.kafkaPartition()), 0L)) {
                pending.add(r);
            }
        }
        if (pending.size() >= config.batchSize()) {
            writePending();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (fatal == null) {
            try {
                if (!pending.isEmpty()) {
                    writePending();
                }
                if (jobs != null) {
                    jobs.deliverStale();
                }
            } catch (RetriableException e) {
                log.debug("Task {}: write before offset commit will be retried: {}", taskLabel, e.getMessage());
            } catch (ConnectException e) {
                log.error("Task {}: write before offset commit failed: {}", taskLabel, e.getMessage());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            Long next = durable.get(tp);
            if (next != null) {
                result.put(tp, new OffsetAndMetadata(next));
            }
        }
        return result;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        int before = pending.size();
        pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.kafkaPartition())));
        durable.keySet().removeAll(partitions);
        if (before > pending.size()) {
            log.info("Task {}: {} buffered record(s) of revoked partitions dropped; their new owner re-reads them",
                    taskLabel, before - pending.size());
        }
    }

    /** Writes the pending records; a failure keeps them and is retried or, retries spent, fails the task. */
    private void writePending() {
        try {
            ensureReady();
            flush();
            consecutiveFailures = 0;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConnectException && !(e instanceof RetriableException)) {
                fail((ConnectException) e);
            }
            dropWriters(); // a writer whose flush failed may still hold some of its mutations
            consecutiveFailures++;
            if (consecutiveFailures <= config.maxRetries()) {
                log.warn("Task {}: writing to HBase failed (attempt {} of {}), retrying in {} ms: {}", taskLabel,
                        consecutiveFailures, config.maxRetries() + 1, config.retryBackoff().toMillis(), e.toString());
                context.timeout(config.retryBackoff().toMillis());
                throw new RetriableException("HBase write failed; retrying", e);
            }
            fail(new ConnectException("HBase " + config.table() + " still failing after " + config.maxRetries()
                    + " retries", e));
        }
    }

    private void dropWriters() {
        if (writers != null) {
            try {
                writers.close();
            } catch (IOException | RuntimeException e) {
                log.debug("Task {}: closing the failed table writers: {}", taskLabel, e.toString());
            }
            writers = null;
        }
    }

    /** One flush: the cells of every pending record, then each job's progress; then their offsets are durable. */
    private void flush() throws IOException {
        Map<String, SinkJobs.Flush> progress = new LinkedHashMap<>();
        Map<String, SinkJobs.Destination> destinations = new HashMap<>();
        Map<TableName, List<Mutation>> byTable = new LinkedHashMap<>();
        int mutationCount = 0;
        List<Future<Void>> reported = new ArrayList<>();
        for (SinkRecord r : pending) {
            JobHeaders h;
            try {
                h = JobHeadersReader.read(r.headers()).orElse(null);
            } catch (DataException e) {
                reported.add(deadLetter(r, e.getMessage()));
                continue;
            }
            if (h != null && !scope.accepts(h.taskId())) {
                continue; // another job's record
            }
            if (h == null && config.overwrite()) {
                reported.add(deadLetter(r, "it has no job headers, and " + HBaseSinkConfig.WRITE_MODE
                        + "=2 replaces the table with one job's records"));
                continue;
            }
            SinkJobs.Destination to = h == null ? new SinkJobs.Destination(config.table(),
                    r.timestamp() != null ? r.timestamp() : HConstants.LATEST_TIMESTAMP)
                    : destinations.computeIfAbsent(h.jobKey(), k -> destinationOf(h, r.topic()));
            if (to == null) {
                continue; // overwrite mode: its job is complete or failed, its table swapped in or dropped
            }
            boolean written = true;
            if (h == null || !h.isEmptyRun()) {
                try {
                    List<Mutation> m = mutations.of(r, to.cellTimestamp());
                    byTable.computeIfAbsent(to.table(), t -> new ArrayList<>()).addAll(m);
                    mutationCount += m.size();
                } catch (BadRecordException e) {
                    reported.add(deadLetter(r, e.getMessage()));
                    written = false;
                }
            }
            if (h != null) {
                progress.computeIfAbsent(h.jobKey(), k -> new SinkJobs.Flush()).add(h, r.topic(), written);
            }
        }
        for (Map.Entry<TableName, List<Mutation>> e : byTable.entrySet()) {
            writers.mutate(e.getKey(), e.getValue());
        }
        writers.flush();
        awaitDeadLetters(reported);
        for (Map.Entry<String, SinkJobs.Flush> job : progress.entrySet()) {
            jobs.absorb(job.getKey(), job.getValue());
        }
        for (SinkRecord r : pending) {
            durable.merge(new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset() + 1, Math::max);
        }
        log.debug("Task {}: flushed {} record(s), {} mutation(s), jobs {}", taskLabel, pending.size(), mutationCount,
                progress.keySet());
        pending.clear();
    }

    private SinkJobs.Destination destinationOf(JobHeaders h, String topic) {
        try {
            return jobs.destination(h, topic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reports a record to the dead-letter queue, or fails the task when there is none. */
    private Future<Void> deadLetter(SinkRecord r, String reason) {
        String where = r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset();
        DataException error = new DataException("Record " + where + " cannot be written to " + config.table() + ": "
                + reason);
        if (deadLetters == null) {
            throw new ConnectException(error.getMessage(), error);
        }
        return deadLetters.report(r, error);
    }

    private void awaitDeadLetters(List<Future<Void>> reported) throws IOException {
        for (Future<Void> f : reported) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the dead-letter queue took a record", e);
            } catch (ExecutionException e) {
                throw new ConnectException("The dead-letter queue did not take a record", e.getCause());
            }
        }
    }

    /** The pending records' jobs cannot complete: they are marked FAILED (each 'error' sent once), the task fails. */
    private void fail(ConnectException error) {
        if (jobs != null) {
            Map<String, String> failed = scope.jobsIn(pending);
            for (String jobKey : failed.keySet()) {
                jobs.fail(jobKey, "HBase sink task " + taskLabel + " failed: " + error.getMessage(), error);
            }
        }
        fatal = error;
        throw error;
    }

    @Override
    public void stop() {
        try {
            if (writers != null) {
                writers.close();
            }
            if (connection != null) {
                connection.close();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Task {}: closing the HBase connection failed: {}", taskLabel, e.toString());
        }
        if (reporter != null) {
            reporter.close();
        }
        log.info("HBase sink task {} stopped", taskLabel);
    }
}
