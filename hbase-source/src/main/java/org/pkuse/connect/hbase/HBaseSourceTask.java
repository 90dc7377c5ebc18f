package org.pkuse.connect.hbase;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.pkuse.connect.hbase.run.CronSchedule;
import org.pkuse.connect.hbase.run.RunOffset;
import org.pkuse.connect.hbase.run.SourceRun;
import org.pkuse.connect.hbase.scan.ColumnResolver;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.hbase.scan.ResolvedColumn;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusPublishException;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connector's job: one run, or one run per schedule tick, each read with parallel region scans and sent
 * in row-key order. Between runs and after the last one, {@code poll()} waits (interruptibly, woken by
 * {@code stop()}) and returns null.
 *
 * <p>Every run ends on the status topic with exactly one 'end' or 'error': a failure anywhere in a run (HBase
 * unreachable, the count pass, the scan, a bad value) sends the run's 'error' before the task fails, and the task
 * fails only once that event is delivered. A status cluster that is down delays the run's events (and the next
 * run), never drops them.
 */
public class HBaseSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(HBaseSourceTask.class);

    private final Object wake = new Object();
    private volatile boolean stopping;
    private HBaseSourceConfig config;
    private StatusReporter reporter;
    private StatusHistory history;
    private Connection connection;
    private Map<String, Object> partition;
    private String fingerprint;
    private SourceRun.Setup setup;
    private volatile SourceRun current;
    private RunOffset resumeFrom;
    private long nextRun;
    private String nextFrom;
    private Instant nextRunAt;
    private Instant lastRunStart;
    private CronSchedule cron;
    private long runStartedNanos;
    private long sentInRun;
    /** A finished run whose 'end' may be missing from the status topic (the task stopped before sending it). */
    private RunOffset toReconcile;
    private JobRun reconciling;
    /** The run about to start or resume, for its 'error' should it fail before it exists. */
    private String startingRunTaskId;
    /** The failure that ends the task once the failed run's 'error' is delivered. */
    private ConnectException failing;
    private String failingRunTaskId;
    private JobRun failingRun;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HBaseSourceConfig(props);
        String connectorName = props.getOrDefault("name", config.jobId());
        StatusConfig statusConfig = new StatusConfig(config, connectorName);
        reporter = new StatusReporter(statusConfig, connectorName + "-source");
        history = new StatusHistory(statusConfig, connectorName + "-source");
        reporter.ensureTopic();
        cron = config.scheduleCron().isEmpty() ? null : CronSchedule.parse(config.scheduleCron());
        partition = RunOffset.partition(config.qualifiedTable(), config.jobId());
        fingerprint = fingerprint(config);
        RunOffset stored = RunOffset.fromMap(context.offsetStorageReader().offset(partition));
        if (stored != null && !stored.fingerprint().equals(fingerprint)) {
            log.info("Job {}: the stored offset belongs to another configuration of this job (run {}); starting over",
                    config.jobId(), stored.run());
            stored = null;
        }
        if (stored == null) {
            nextRun = 1;
            nextFrom = config.lastIncrementValue();
            nextRunAt = Instant.now();
        } else if (!stored.done()) {
            resumeFrom = stored;
        } else {
            lastRunStart = Instant.ofEpochMilli(stored.upTo());
            toReconcile = stored;
            afterRun(stored.run(), stored.next());
            log.info("Job {}: run {} ({}) finished before, {}", config.jobId(), stored.run(), stored.runTaskId(),
                    nextRunAt == null ? "nothing left to do" : "next run " + nextRun + " at " + nextRunAt);
        }
    }

    private void connect() {
        if (connection != null) {
            return;
        }
        try {
            connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(config.zkQuorum(),
                    config.zkPort(), config.clientOverrides(), Duration.ofSeconds(120)));
            List<ResolvedColumn> columns = ColumnResolver.resolve(connection, TableName.valueOf(
                    config.qualifiedTable()), config.mappings(), config.columnsKey(), false);
            setup = new SourceRun.Setup(config, connection, columns, reporter, history, partition, fingerprint);
        } catch (Exception e) {
            closeConnection();
            throw new ConnectException("Cannot read HBase table " + config.qualifiedTable() + " at "
                    + config.zkQuorum() + ":" + config.zkPort() + ": " + e.getMessage(), e);
        }
    }

    /** The options that define what a job reads; a stored offset of another configuration is not resumed. */
    static String fingerprint(HBaseSourceConfig config) {
        String text = String.join("\u0000", config.jobId(), config.qualifiedTable(), config.getString(
                HBaseSourceConfig.SYNC_TYPE), config.incrementField(), config.lastIncrementValue(),
                config.getString(HBaseSourceConfig.MAPPING), config.columnsKey(), config.rowKeyStart(),
                config.rowKeyStop(), config.valueEncoding().name(), config.scheduleCron(),
                Long.toString(config.scheduleInterval().toMillis()));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void afterRun(long run, String next) {
        nextRun = run + 1;
        nextFrom = next;
        if (!config.scheduled() || (config.scheduleMaxRuns() > 0 && run >= config.scheduleMaxRuns())) {
            nextRunAt = null;
            return;
        }
        Instant base = lastRunStart == null ? Instant.now() : lastRunStart;
        Instant at = null;
        if (!config.scheduleInterval().isZero()) {
            at = base.plus(config.scheduleInterval());
        }
        if (cron != null) {
            Instant c = cron.next(ZonedDateTime.ofInstant(base, config.zone())).toInstant();
            at = at == null || c.isBefore(at) ? c : at;
        }
        nextRunAt = at;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stopping) {
            return null;
        }
        if (failing != null) {
            return deliverFailure();
        }
        try {
            if (toReconcile != null && !reconcile()) {
                return pause();
            }
            SourceRun run = current;
            if (run == null) {
                run = startRunIfDue();
                if (run == null) {
                    return null;
                }
            }
            int max = allowance();
            if (max == 0) {
                return null;
            }
            List<SourceRecord> records = run.poll(max, config.idlePoll().toMillis());
            sentInRun += records.size();
            if (run.complete()) {
                run.finish();
                if (!run.delivered()) {
                    return pause(); // the 'end' is owed: the run stays current until the status cluster takes it
                }
                closeRun(run);
            } else if (records.isEmpty()) {
                // everything is handed out and Kafka has not acknowledged it all yet: do not spin
                synchronized (wake) {
                    if (!stopping) {
                        wake.wait(20);
                    }
                }
            }
            return records.isEmpty() ? null : records;
        } catch (StatusPublishException e) {
            // The status topic could not be read to open a run: the run waits; nothing is sent or lost.
            log.warn("Job {}: {}; trying again", config.jobId(), e.getMessage());
            return pause();
        } catch (RuntimeException e) {
            startFailing(e);
            return deliverFailure();
        }
    }

    /** Sends the 'end' of a finished run if the status topic lacks it; true once nothing is owed. */
    private boolean reconcile() {
        if (reconciling == null) {
            reconciling = SourceRun.reconcileEnded(reporter, history, config, toReconcile);
        }
        if (!reconciling.deliver()) {
            return false;
        }
        toReconcile = null;
        reconciling = null;
        return true;
    }

    /** The current run (or the one that could not start) failed: its 'error' is owed, then the task fails. */
    private void startFailing(RuntimeException e) {
        failing = e instanceof ConnectException ce ? ce : new ConnectException(e.getMessage(), e);
        SourceRun run = current;
        if (run != null) {
            run.fail(e.getMessage(), e); // no-op when the run sent its 'error' itself
            failingRun = run.job();
            run.close();
            current = null;
        } else {
            failingRunTaskId = startingRunTaskId != null ? startingRunTaskId : config.jobId();
        }
    }

    /** Delivers the failed run's 'error' (opening the run first if it never started), then fails the task. */
    private List<SourceRecord> deliverFailure() throws InterruptedException {
        try {
            if (failingRun == null) {
                failingRun = JobRun.open(reporter, history, Side.SOURCE, failingRunTaskId, config.topic(), 0);
                failingRun.fail(failing.getMessage(), failing, 0L);
            }
            if (failingRun.deliver()) {
                throw failing;
            }
        } catch (StatusPublishException e) {
            log.warn("Job {}: the run failed ({}), and its 'error' cannot be sent yet: {}", failingRunTaskId,
                    failing.getMessage(), e.getMessage());
        }
        return pause();
    }

    /** Waits a little (woken by stop) before the next attempt; returns null for poll. */
    private List<SourceRecord> pause() throws InterruptedException {
        synchronized (wake) {
            if (!stopping) {
                wake.wait(1000);
            }
        }
        return null;
    }

    /** How many records this poll may return under {@code pkuse.kafka.max.records.per.second}; waits when none. */
    private int allowance() throws InterruptedException {
        int rate = config.maxRecordsPerSecond();
        if (rate <= 0) {
            return config.batchSize();
        }
        long elapsedMs = (System.nanoTime() - runStartedNanos) / 1_000_000;
        long allowed = rate * (elapsedMs + 1000) / 1000 - sentInRun;
        if (allowed <= 0) {
            synchronized (wake) {
                if (!stopping) {
                    wake.wait(Math.max(1, 1000 / rate));
                }
            }
            return 0;
        }
        return (int) Math.min(config.batchSize(), allowed);
    }

    private SourceRun startRunIfDue() throws InterruptedException {
        if (resumeFrom != null) {
            RunOffset offset = resumeFrom;
            startingRunTaskId = offset.runTaskId();
            connect();
            lastRunStart = Instant.ofEpochMilli(offset.upTo());
            current = begin(() -> SourceRun.resume(setup, offset), offset.runTaskId());
            resumeFrom = null;
            runStartedNanos = System.nanoTime();
            sentInRun = 0;
            return current;
        }
        Instant now = Instant.now();
        if (nextRunAt != null && !now.isBefore(nextRunAt)) {
            long run = nextRun;
            startingRunTaskId = SourceRun.runTaskId(config, run);
            connect();
            String from = nextFrom;
            lastRunStart = now;
            current = begin(() -> SourceRun.begin(setup, run, from), SourceRun.runTaskId(config, run));
            runStartedNanos = System.nanoTime();
            sentInRun = 0;
            return current;
        }
        long waitMs = config.idlePoll().toMillis();
        if (nextRunAt != null) {
            waitMs = Math.max(1, Math.min(waitMs, Duration.between(now, nextRunAt).toMillis()));
        }
        synchronized (wake) {
            if (!stopping) {
                wake.wait(waitMs);
            }
        }
        return null;
    }

    private interface RunStart {
        SourceRun start() throws Exception;
    }

    private SourceRun begin(RunStart start, String runTaskId) {
        try {
            return start.start();
        } catch (ConnectException e) {
            throw e; // a StatusPublishException among them: the run is tried again
        } catch (Exception e) {
            throw new ConnectException("Job " + runTaskId + ": cannot start the run on table "
                    + config.qualifiedTable() + ": " + e.getMessage(), e);
        }
    }

    private void closeRun(SourceRun run) {
        run.close();
        current = null;
        afterRun(run.run(), run.nextFrom());
        if (nextRunAt != null) {
            log.info("Job {}: next run {} at {}", config.jobId(), nextRun, nextRunAt);
        } else {
            log.info("Job {}: all runs done; the task stays idle", config.jobId());
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        SourceRun run = current;
        Object runNumber = record.sourceOffset().get("run");
        if (run != null && runNumber instanceof Number n && n.longValue() == run.run()) {
            run.acknowledge();
        }
    }

    @Override
    public void stop() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        SourceRun run = current;
        if (run != null) {
            run.close();
        }
        closeConnection();
        if (reporter != null) {
            reporter.close();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception e) {
                log.warn("Closing the HBase connection failed: {}", e.toString());
            }
            connection = null;
        }
    }
}
