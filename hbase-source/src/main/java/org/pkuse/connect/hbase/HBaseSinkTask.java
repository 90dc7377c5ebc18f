package org.pkuse.connect.hbase;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import org.pkuse.connect.common.metrics.SinkTaskMetrics;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.hbase.sink.BatchStaging;
import org.pkuse.connect.hbase.sink.InFlightBatches;
import org.pkuse.connect.hbase.sink.JobLedgerTable;
import org.pkuse.connect.hbase.sink.JobTables;
import org.pkuse.connect.hbase.sink.RecordMutations;
import org.pkuse.connect.hbase.sink.SinkBatch;
import org.pkuse.connect.hbase.sink.SinkJobs;
import org.pkuse.connect.hbase.sink.StagingTables;
import org.pkuse.connect.hbase.sink.TableWriters;
import org.pkuse.connect.hbase.sink.TargetTable;
import org.pkuse.connect.hbase.sink.WritePipeline;
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
 * worker converts the next records ({@link WritePipeline}: two batches in flight at most, so memory stays bounded
 * by three batches and the write buffers); a batch's progress and offsets count only once it is flushed.
 * {@link #preCommit} writes what is buffered and returns only offsets whose cells are durable. A failed write keeps
 * its records and is retried (with {@code retry.backoff.ms}) before any new record is taken.
 */
public class HBaseSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(HBaseSinkTask.class);
    /** How soon the worker calls again while a batch is in flight, to count it once it is durable. */
    private static final long IN_FLIGHT_POLL_MS = 50;
    /** Batches handed to the writer and not yet counted: memory holds at most this many plus the pending one. */
    private static final int MAX_IN_FLIGHT = 2;

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
    private WritePipeline pipeline;
    private InFlightBatches inFlight;
    private long pendingSince = -1;
    private BatchStaging staging;
    private SinkTaskMetrics metrics;
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
        String taskIndex = props.getOrDefault(HBaseSinkConnector.TASK_INDEX, "0");
        taskLabel = connectorName + "-" + taskIndex;
        statusConfig = new StatusConfig(config, connectorName);
        reporter = new StatusReporter(statusConfig, taskLabel, taskIndex);
        metrics = new SinkTaskMetrics(connectorName, taskIndex);
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
        pipeline = new WritePipeline("pkuse-hbase-sink-writer-" + taskLabel);
        inFlight = new InFlightBatches(pipeline, metrics);
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
            Long durable = inFlight.durable(new TopicPartition(r.topic(), r.kafkaPartition()));
            if (durable == null || r.kafkaOffset() >= durable) {
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
        if (send || inFlight.oldestSettled()) {
            write(send, false);
        }
        // Come back for the batches in flight, and for pending records once the flush interval is up.
        long left = pending.isEmpty() ? Long.MAX_VALUE : Math.max(1, config.flushInterval().toMillis() - waited);
        long next = Math.min(left, !inFlight.isEmpty() ? IN_FLIGHT_POLL_MS : Long.MAX_VALUE);
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
                    jobs.refresh(metrics);
                }
            } catch (RetriableException e) {
                log.debug("write before offset commit will be retried: {}", e.getMessage());
            } catch (ConnectException e) {
                log.error("write before offset commit failed: {}", e.getMessage());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            Long next = inFlight.durable(tp);
            if (next != null) {
                result.put(tp, new OffsetAndMetadata(next));
            }
        }
        return result;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        try {
            inFlight.collect(true, jobs); // their records may be of these partitions: settled before forgotten
        } catch (IOException | RuntimeException e) {
            log.info("a batch in flight at the rebalance failed ({}); its records are written again",
                    e.toString());
            takeBackInFlight();
            dropWriters();
        }
        int before = pending.size();
        pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.kafkaPartition())));
        inFlight.forget(partitions);
        if (before > pending.size()) {
            log.info("{} buffered record(s) of revoked partitions dropped; their new owner re-reads them",
                    before - pending.size());
        }
    }

    /**
     * Counts the batches in flight that are durable, then (with {@code send}) hands the pending records to the
     * writer as the next batch, waiting first if two are in flight. With {@code wait} (offset commit, retry) this
     * returns once every batch is durable. A failure takes the batches in flight back in front of the pending
     * records, in order, and is retried or, retries spent, fails the task.
     */
    private void write(boolean send, boolean wait) {
        try {
            ensureReady();
            inFlight.collect(false, jobs);
            if (send && !pending.isEmpty()) {
                while (inFlight.size() >= MAX_IN_FLIGHT) {
                    inFlight.collectOldest(jobs);
                }
                SinkBatch batch = staging.stage(pending);
                pending.clear();
                pendingSince = -1;
                inFlight.submit(batch, writers);
            }
            if (wait) {
                inFlight.collect(true, jobs);
            }
            consecutiveFailures = 0;
        } catch (IOException | RuntimeException e) {
            metrics.failed(e.getMessage(), e instanceof IOException);
            takeBackInFlight();
            if (!pending.isEmpty() && pendingSince < 0) {
                pendingSince = System.currentTimeMillis();
            }
            if (e instanceof ConnectException && !(e instanceof RetriableException)) {
                fail((ConnectException) e);
            }
            dropWriters(); // a writer whose flush failed may still hold some of its mutations
            consecutiveFailures++;
            if (consecutiveFailures <= config.maxRetries()) {
                metrics.retried();
                log.warn("writing to HBase failed (attempt {} of {}), retrying in {} ms: {}",
                        consecutiveFailures, config.maxRetries() + 1, config.retryBackoff().toMillis(), e.toString());
                context.timeout(config.retryBackoff().toMillis());
                throw new RetriableException("HBase write failed; retrying", e);
            }
            fail(new ConnectException("HBase " + config.table() + " still failing after " + config.maxRetries()
                    + " retries", e));
        }
    }

    /** After a failure: the records of the batches in flight not counted go back in front of the pending ones. */
    private void takeBackInFlight() {
        pending.addAll(0, inFlight.takeBack());
    }

    private void dropWriters() {
        if (writers != null) {
            try {
                writers.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the failed table writers: {}", e.toString());
            }
            writers = null;
        }
    }

    /** The pending records' jobs cannot complete: they are marked FAILED (each 'error' sent once), the task fails. */
    private void fail(ConnectException error) {
        if (jobs != null) {
            Map<String, String> failed = scope.jobsIn(pending);
            for (String jobKey : failed.keySet()) {
                jobs.fail(jobKey, "HBase sink task " + taskLabel + " failed: " + error.getMessage(), error);
                metrics.jobFailed(jobKey);
            }
        }
        fatal = error;
        throw error;
    }

    @Override
    public void stop() {
        if (pipeline != null) {
            pipeline.close(); // batches in flight were not counted and their offsets not committed: read again
        }
        try {
            if (writers != null) {
                writers.close();
            }
            if (connection != null) {
                connection.close();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("closing the HBase connection failed: {}", e.toString());
        }
        if (reporter != null) {
            reporter.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        log.info("HBase sink task {} stopped", taskLabel);
    }
}
