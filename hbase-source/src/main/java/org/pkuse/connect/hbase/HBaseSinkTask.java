package org.pkuse.connect.hbase;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.hbase.sink.BatchStaging;
import org.pkuse.connect.hbase.sink.JobLedgerTable;
import org.pkuse.connect.hbase.sink.JobTables;
import org.pkuse.connect.hbase.sink.RecordMutations;
import org.pkuse.connect.hbase.sink.SinkBatch;
import org.pkuse.connect.hbase.sink.SinkJobs;
import org.pkuse.connect.hbase.sink.StagingTables;
import org.pkuse.connect.hbase.sink.TableWriters;
import org.pkuse.connect.hbase.sink.TargetTable;
import org.pkuse.connect.headers.JobScope;
import org.pkuse.connect.status.SinkJobEvents;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records up to {@code batch.size}, then writes them as one batch: their cells through a
 * {@link BufferedMutator} per table (each job's cells at the job's fixed timestamp, so a record written again
 * lands on the same cell version; in overwrite mode into the job's staging table), flushed, then each job's
 * progress added to its row in the jobs table ({@link SinkJobs}). A batch is written on a writer thread while the
 * worker converts the next records (one batch in flight at most, so memory stays bounded by two batches and the
 * write buffers); its progress and offsets count only once it is flushed.
 * {@link #preCommit} writes what is buffered and returns only offsets whose cells are durable. A failed write keeps
 * its records and is retried (with {@code retry.backoff.ms}) before any new record is taken.
 */
public class HBaseSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(HBaseSinkTask.class);
    /** How soon the worker calls again while a batch is in flight, to count it once it is durable. */
    private static final long IN_FLIGHT_POLL_MS = 50;

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
    private ExecutorService writerThread;
    private InFlight inFlight;
    private long pendingSince = -1;
    private BatchStaging staging;
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
        writerThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pkuse-hbase-sink-writer-" + taskLabel);
            t.setDaemon(true);
            return t;
        });
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
        staging = new BatchStaging(config.table(), config.overwrite(), scope, jobs, mutations, deadLetters);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        if (consecutiveFailures > 0) {
            write(true, true); // the failed batch first: no new record is taken while it is owed
        }
        for (SinkRecord r : records) {
            // After a RetriableException the worker hands the same records again; those written since are skipped.
            if (r.kafkaOffset() >= durable.getOrDefault(new TopicPartition(r.topic(), r.kafkaPartition()), 0L)) {
                pending.add(r);
            }
        }
        long now = System.currentTimeMillis();
        if (pending.isEmpty()) {
            pendingSince = -1;
        } else if (pendingSince < 0) {
            pendingSince = now;
        }
        long waited = pendingSince < 0 ? 0 : now - pendingSince;
        boolean send = pending.size() >= config.batchSize() || (!pending.isEmpty()
                && waited >= config.flushInterval().toMillis());
        if (send || (inFlight != null && inFlight.written().isDone())) {
            write(send, false);
        }
        // Come back for the batch in flight, and for pending records once the flush interval is up.
        long left = pending.isEmpty() ? Long.MAX_VALUE : Math.max(1, config.flushInterval().toMillis() - waited);
        long next = Math.min(left, inFlight != null ? IN_FLIGHT_POLL_MS : Long.MAX_VALUE);
        if (next != Long.MAX_VALUE) {
            context.timeout(next);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (fatal == null) {
            try {
                write(true, true);
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
        try {
            finishInFlight(); // its records may be of these partitions: settled before they are forgotten
        } catch (IOException | RuntimeException e) {
            log.info("Task {}: the batch in flight at the rebalance failed ({}); its records are read again",
                    taskLabel, e.toString());
            dropWriters();
        }
        int before = pending.size();
        pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.kafkaPartition())));
        durable.keySet().removeAll(partitions);
        if (before > pending.size()) {
            log.info("Task {}: {} buffered record(s) of revoked partitions dropped; their new owner re-reads them",
                    taskLabel, before - pending.size());
        }
    }

    /**
     * Settles the batch in flight, then (with {@code send}) sends the pending records as the next batch. The
     * batch's cells are written on the writer thread while the worker converts and hands over the next records;
     * with {@code wait} (offset commit, retry) this returns once they are durable. A failure puts the failed
     * batch's records back in front and is retried or, retries spent, fails the task.
     */
    private void write(boolean send, boolean wait) {
        try {
            ensureReady();
            finishInFlight();
            if (send && !pending.isEmpty()) {
                SinkBatch batch = staging.stage(pending);
                pending.clear();
                pendingSince = -1;
                TableWriters to = writers;
                inFlight = new InFlight(batch, writerThread.submit(() -> {
                    batch.write(to);
                    return null;
                }));
                if (wait) {
                    finishInFlight();
                }
            }
            consecutiveFailures = 0;
        } catch (IOException | RuntimeException e) {
            if (!pending.isEmpty() && pendingSince < 0) {
                pendingSince = System.currentTimeMillis();
            }
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

    /** A batch whose cells are being written on the writer thread. */
    private record InFlight(SinkBatch batch, Future<Void> written) {
    }

    /**
     * Waits for the batch in flight; once its cells are durable, adds each job's progress and marks its offsets
     * durable. If it failed, its records go back in front of the pending ones and the failure is thrown.
     */
    private void finishInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        SinkBatch batch = inFlight.batch();
        try {
            try {
                inFlight.written().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while a batch was written", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
            awaitDeadLetters(batch.deadLetters());
            for (Map.Entry<String, SinkJobs.Flush> job : batch.progress().entrySet()) {
                jobs.absorb(job.getKey(), job.getValue());
            }
        } catch (IOException | RuntimeException e) {
            inFlight = null;
            pending.addAll(0, batch.records());
            throw e;
        }
        inFlight = null;
        for (SinkRecord r : batch.records()) {
            durable.merge(new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset() + 1, Math::max);
        }
        log.debug("Task {}: wrote {} record(s), {} mutation(s), jobs {}", taskLabel, batch.records().size(),
                batch.mutationCount(), batch.progress().keySet());
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
        if (writerThread != null) {
            writerThread.shutdown(); // a batch in flight finishes; its offsets were not committed, so it is read again
            try {
                writerThread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
