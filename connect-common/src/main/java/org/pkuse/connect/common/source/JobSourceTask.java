package org.pkuse.connect.common.source;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.pkuse.connect.common.metrics.SourceTaskMetrics;
import org.pkuse.connect.common.run.RunOffset;
import org.pkuse.connect.common.run.RunSchedule;
import org.pkuse.connect.metrics.TaskMBeans;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.Redactor;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusPublishException;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a source connector's job: one run, or one run per schedule tick, each read through the connector's
 * {@link RunSource} and sent in the source's order. Between runs and after the last one, {@code poll()} waits
 * (interruptibly, woken by {@code stop()}) and returns null. Each source's task says how to read its config and how to
 * reach its store; the job protocol is this class's.
 *
 * <p>Every run ends on the status topic with exactly one 'end' or 'error': a failure anywhere in a run (the store
 * unreachable, the count, the read, a bad value) sends the run's 'error' before the task fails, and the task fails
 * only once that event is delivered. A status cluster that is down delays the run's events (and the next run), never
 * drops them.
 *
 * @param <C> the connector's config
 */
public abstract class JobSourceTask<C extends AbstractConfig & RunSettings> extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(JobSourceTask.class);

    private final Object wake = new Object();
    private final SourceTaskMetrics metrics = new SourceTaskMetrics();
    private ObjectName mbean;
    private volatile boolean stopping;
    private C config;
    private StatusReporter reporter;
    private StatusHistory history;
    private RunSource source;
    private Map<String, Object> partition;
    private String fingerprint;
    private long rerun;
    private SourceRun.Setup setup;
    private volatile SourceRun current;
    private RunOffset resumeFrom;
    private RunSchedule schedule;
    private RunPace pace;
    /** A finished run whose 'end' may be missing from the status topic (the task stopped before sending it). */
    private OwedEnd owedEnd;
    /** The run about to start or resume, for its 'error' should it fail before it exists. */
    private String startingRunTaskId;
    /** The failure that ends the task once the failed run's 'error' is delivered. */
    private ConnectException failing;
    private String failingRunTaskId;
    private JobRun failingRun;

    /** Parses and checks the task's config. */
    protected abstract C configure(Map<String, String> props);

    /** Reaches the store; called before the first run (and again after a failure to reach it). */
    protected abstract RunSource openSource(C config) throws Exception;

    /** What the task reads, for the message when the store cannot be reached ("HBase table t at zk:2181"). */
    protected abstract String describeSource(C config);

    /** The source offset's partition: one per job and table (or query). */
    protected Map<String, Object> partition(C config) {
        return RunOffset.partition(config.qualifiedTable(), config.jobId());
    }

    @Override
    public void start(Map<String, String> props) {
        config = configure(props);
        String connectorName = props.getOrDefault("name", config.jobId());
        StatusConfig statusConfig = new StatusConfig(config, connectorName);
        reporter = new StatusReporter(statusConfig, connectorName + "-source", "0"); // a job runs in one task
        mbean = TaskMBeans.name("source-task-metrics", connectorName, "0");
        TaskMBeans.register(mbean, metrics);
        history = new StatusHistory(statusConfig, connectorName + "-source");
        reporter.ensureTopic();
        pace = new RunPace(config.maxRecordsPerSecond(), config.batchSize());
        schedule = new RunSchedule(config.scheduleCron(), config.scheduleInterval(), config.scheduleMaxRuns(),
                config.zone(), config.lastIncrementValue());
        partition = partition(config);
        fingerprint = RunOffset.fingerprint(config.jobDefinition());
        Map<String, Object> raw = context.offsetStorageReader().offset(partition);
        RunOffset stored = RunOffset.fromMap(raw);
        rerun = stored != null ? stored.rerun() : RunOffset.rerunRequested(raw);
        if (rerun > 0 && stored == null) {
            log.info("Job {}: rerun {} asked for; running the job again from its start", config.jobId(), rerun);
        }
        if (stored != null && !stored.fingerprint().equals(fingerprint)) {
            // Another configuration of the same job id: a new rerun, so that a sink does not take its records for
            // ones it has written already.
            rerun = stored.rerun() + 1;
            log.info("Job {}: the stored offset belongs to another configuration of this job (run {}); starting over "
                    + "as rerun {}", config.jobId(), stored.run(), rerun);
            stored = null;
        }
        if (stored != null && !stored.done()) {
            resumeFrom = stored;
        } else if (stored != null) {
            schedule.started(Instant.ofEpochMilli(stored.upTo()));
            schedule.finished(stored.run(), stored.next());
            owedEnd = new OwedEnd(reporter, history, config, stored);
            log.info("Job {}: run {} ({}) finished before, {}{}", config.jobId(), stored.run(), stored.runTaskId(),
                    schedule, config.scheduled() ? "" : "; a connector re-created with the same config resumes its "
                            + "job, so to run it again use: pkuse-status rerun --connector <this connector>");
        }
    }

    private void connect() {
        if (setup != null) {
            return;
        }
        try {
            source = openSource(config);
            setup = new SourceRun.Setup(config, source, reporter, history, partition, fingerprint, rerun);
        } catch (Exception e) {
            closeSource();
            throw new ConnectException("Cannot read " + describeSource(config) + ": "
                    + Redactor.redact(e.getMessage()), e);
        }
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
            if (owedEnd != null && !reconcile()) {
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
            pace.sent(records.size());
            if (run.complete()) {
                metrics.runEnding();
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
        if (!owedEnd.deliver()) {
            return false;
        }
        owedEnd = null;
        return true;
    }

    /** The current run (or the one that could not start) failed: its 'error' is owed, then the task fails. */
    private void startFailing(RuntimeException e) {
        failing = e instanceof ConnectException ce ? ce : new ConnectException(e.getMessage(), e);
        metrics.runFailed(e.getMessage());
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
                failingRun = JobRun.open(reporter, history, Side.SOURCE, failingRunTaskId, rerun, config.topic(), 0);
                failingRun.fail(failing.getMessage(), failing, 0L);
            }
            if (failingRun.deliver()) {
                throw failing;
            }
        } catch (StatusPublishException e) {
            log.warn("Job {}: the run failed ({}), and its 'error' cannot be sent yet: {}", failingRunTaskId,
                    Redactor.redact(failing.getMessage()), e.getMessage());
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
        int allowed = pace.allowance();
        if (allowed == 0) {
            synchronized (wake) {
                if (!stopping) {
                    wake.wait(pace.retryMs());
                }
            }
        }
        return allowed;
    }

    private SourceRun startRunIfDue() throws InterruptedException {
        if (resumeFrom != null) {
            RunOffset offset = resumeFrom;
            startingRunTaskId = offset.runTaskId();
            connect();
            schedule.started(Instant.ofEpochMilli(offset.upTo()));
            current = begin(() -> SourceRun.resume(setup, offset), offset.runTaskId());
            metrics.runStarted(current);
            resumeFrom = null;
            pace.restart();
            return current;
        }
        Instant now = Instant.now();
        if (schedule.due(now)) {
            long run = schedule.nextRun();
            startingRunTaskId = SourceRun.runTaskId(config, run);
            connect();
            String from = schedule.nextFrom();
            schedule.started(now);
            current = begin(() -> SourceRun.begin(setup, run, from), SourceRun.runTaskId(config, run));
            metrics.runStarted(current);
            pace.restart();
            return current;
        }
        synchronized (wake) {
            if (!stopping) {
                wake.wait(schedule.waitMs(now, config.idlePoll().toMillis()));
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
            throw new ConnectException("Job " + runTaskId + ": cannot start the run on " + config.qualifiedTable()
                    + ": " + Redactor.redact(e.getMessage()), e);
        }
    }

    private void closeRun(SourceRun run) {
        metrics.runEnded();
        run.close();
        current = null;
        schedule.finished(run.run(), run.nextFrom());
        log.info("Job {}: run {} done; {}", config.jobId(), run.run(), schedule);
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        metrics.recordSent();
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
        closeSource();
        if (reporter != null) {
            reporter.close();
        }
        if (mbean != null) {
            TaskMBeans.unregister(mbean);
        }
    }

    private void closeSource() {
        if (source != null) {
            try {
                source.close();
            } catch (RuntimeException e) {
                log.warn("Closing the source failed: {}", e.toString());
            }
            source = null;
        }
        setup = null;
    }
}
