package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.hbase.TableName;
import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.common.metrics.SinkTaskMetrics;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.SinkJobEvents;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusPublishException;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's jobs: where each job's cells go and at which timestamp (fixed when the job's row is created, so a
 * record written again lands on the same cell version), each flush's progress added to the job's row once its
 * cells are durable, and the events the rows owe. A row owes an event from the change that makes it true ('start'
 * with the row, 'end' with the flush that completes the job, 'error' with the flip to FAILED); the task that made
 * the change sends it at once and marks it paid. In overwrite mode a complete job is SWAPPING and owes a 'swap'
 * (its staging table made the target, {@link JobTables#swapIn}) before its 'end'. An event owed for longer than
 * {@code stale} (its sender died or the status cluster was away) is sent by whichever task of the connector looks
 * next, after checking the status topic for it.
 */
public final class SinkJobs {

    private static final Logger log = LoggerFactory.getLogger(SinkJobs.class);
    private static final int MAX_CACHED = 1024;

    /** One flush's records of one job: index → written (true) or dead-lettered (false), the end, the total. */
    public static final class Flush {
        final Map<Long, Boolean> indexes = new LinkedHashMap<>();
        Long endIndex;
        long predictedTotal;
        String topic;

        public void add(JobHeaders h, String topic, boolean written) {
            this.topic = topic;
            predictedTotal = h.predictedTotal();
            if (h.currentIndex() >= 1) {
                indexes.merge(h.currentIndex(), written, Boolean::logicalOr);
            }
            if (h.isEnd()) {
                endIndex = h.currentIndex();
            }
        }
    }

    /** Where a running job's cells go, and their timestamp. */
    public record Destination(TableName table, long cellTimestamp) {
    }

    private final JobLedgerTable ledger;
    private final JobTables tables;
    private final SinkJobEvents events;
    private final StatusReporter reporter;
    private final StatusHistory history;
    private final Duration stale;
    private final Map<String, Destination> destinations = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Destination> eldest) {
            return size() > MAX_CACHED;
        }
    };

    public SinkJobs(JobLedgerTable ledger, JobTables tables, SinkJobEvents events, StatusReporter reporter,
                    StatusHistory history, Duration stale) {
        this.ledger = ledger;
        this.tables = tables;
        this.events = events;
        this.reporter = reporter;
        this.history = history;
        this.stale = stale;
    }

    /**
     * Where the job's cells go; the first sight of a job creates its row and sends its 'start'. Null when its
     * records are to be skipped: in overwrite mode, a job that is no longer running (its staging table is in or
     * dropped), looked up once per call since another task may have completed it.
     */
    public Destination destination(JobHeaders h, String topic) throws IOException {
        Destination known = destinations.get(h.jobKey());
        if (known != null && !tables.swaps()) {
            return known;
        }
        JobLedgerTable.Opened opened = ledger.open(h.jobKey(), topic, h.predictedTotal(), System.currentTimeMillis());
        if (tables.swaps() && opened.row().progress().state() != JobProgress.State.RUNNING) {
            destinations.remove(h.jobKey());
            return null;
        }
        Destination d = new Destination(tables.tableOf(h.jobKey()), opened.row().cellTimestamp());
        if (opened.created()) {
            log.info("Job {} (sink side, topic {}): start, predicted total {}, into {}", h.jobKey(), topic,
                    h.predictedTotal(), d.table());
            deliver(opened.row(), false);
        }
        destinations.put(h.jobKey(), d);
        return d;
    }

    /**
     * Adds a flush's durable records to the job's row; the flush that completes the job sends its 'end'. Returns
     * the job's row after, or null when nothing changed.
     */
    public JobProgress absorb(String jobKey, Flush flush) throws IOException {
        JobLedgerTable.Changed changed = ledger.change(jobKey, row -> {
            JobProgress p = row.progress();
            if (p.state() != JobProgress.State.RUNNING) {
                return null; // records of a job that ended or failed before: nothing to count
            }
            JobProgress add = JobProgress.fresh(jobKey, p.topic(), flush.predictedTotal);
            flush.indexes.forEach((index, written) -> {
                if (!p.contains(index) && add.claim(index)) {
                    if (written) {
                        add.countWritten(1);
                    } else {
                        add.countDeadLettered(1);
                    }
                }
            });
            if (add.committed() == 0 && (flush.endIndex == null || flush.endIndex.equals(p.endIndex()))) {
                return null;
            }
            if (flush.endIndex != null) {
                add.endAt(flush.endIndex);
            }
            p.absorb(add);
            if (!p.endIfComplete()) {
                return row;
            }
            if (tables.swaps()) {
                p.state(JobProgress.State.SWAPPING);
                return row.owing("swap", System.currentTimeMillis());
            }
            return row.owing("end", System.currentTimeMillis());
        });
        if (changed == null) {
            return null;
        }
        JobProgress after = changed.after().progress();
        if (changed.before().progress().state() == JobProgress.State.RUNNING
                && after.state() != JobProgress.State.RUNNING) {
            destinations.remove(jobKey);
            log.info("Job {} (sink side, topic {}): complete, {} written, {} dead-lettered", jobKey, after.topic(),
                    after.written(), after.deadLettered());
            deliver(changed.after(), false);
        } else if (after.state() == JobProgress.State.RUNNING) {
            StatusEvent progress = events.progressIfDue(jobKey, after.topic(), after.committed(),
                    after.predictedTotal());
            if (progress != null && events.config().enabled()) {
                reporter.publish(progress);
            }
        }
        return after;
    }

    /** Flips a running job to FAILED and sends its 'error' once (whichever task or check gets there first). */
    public void fail(String jobKey, String message, Throwable error) {
        try {
            JobLedgerTable.Changed changed = ledger.change(jobKey, row -> {
                if (row.progress().state() != JobProgress.State.RUNNING) {
                    return null;
                }
                row.progress().state(JobProgress.State.FAILED);
                return row.owing("error", System.currentTimeMillis()).withMessage(JobRun.describe(message, error));
            });
            if (changed != null) {
                destinations.remove(jobKey);
                deliver(changed.after(), false);
                tables.discard(jobKey);
            }
        } catch (IOException | RuntimeException e) {
            log.error("Could not mark job {} as FAILED in {} or drop what it staged: {}", jobKey, ledger.name(),
                    e.toString());
        }
    }

    /**
     * Reads the rows of the jobs the metrics show as open: another task of the connector may have ended or failed
     * them since this task last wrote to them.
     */
    public void refresh(SinkTaskMetrics metrics) {
        for (String jobKey : metrics.openJobs()) {
            try {
                JobLedgerTable.JobRow row = ledger.read(jobKey);
                if (row != null) {
                    metrics.job(row.progress());
                }
            } catch (IOException | RuntimeException e) {
                log.debug("Could not read job {} in {} for the metrics: {}", jobKey, ledger.name(), e.toString());
                return;
            }
        }
    }

    /** Sends the events owed longer than the stale time, which their sender could not confirm. */
    public void deliverStale() {
        try {
            long now = System.currentTimeMillis();
            for (JobLedgerTable.JobRow row : ledger.owing()) {
                if (now - row.owesAt() > stale.toMillis()) {
                    deliver(row, true);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not look for owed job events in {}: {}", ledger.name(), e.toString());
        }
    }

    /**
     * Sends what the row owes in order; each event sent is marked paid. Failures leave it owed. A 'swap' owed is
     * done first and then owes the 'end'.
     */
    private void deliver(JobLedgerTable.JobRow row, boolean lookFirst) throws IOException {
        if (row.owed().contains("swap")) {
            String jobKey = row.progress().jobId();
            try {
                tables.swapIn(jobKey);
            } catch (IOException | RuntimeException e) {
                log.warn("Job {}: swapping its staging table in failed; a task of this connector tries again in "
                        + "{} s: {}", jobKey, stale.toSeconds(), e.toString());
                return;
            }
            JobLedgerTable.Changed swapped = ledger.change(jobKey, r -> {
                if (!r.owed().contains("swap")) {
                    return null; // a task that took the swap over finished it first
                }
                r.progress().state(JobProgress.State.ENDED);
                return r.paid("swap").owing("end", System.currentTimeMillis());
            });
            if (swapped == null) {
                return;
            }
            log.info("Job {} (sink side): its staging table is the target now", jobKey);
            row = swapped.after();
        }
        for (String stage : row.owed()) {
            StatusEvent event = eventOf(row, stage);
            if (events.config().enabled()) {
                try {
                    boolean there = lookFirst && StatusHistory.contains(history.eventsOf(event.taskId()),
                            event.identity());
                    if (!there) {
                        reporter.publishAndWait(event);
                    }
                } catch (StatusPublishException e) {
                    log.warn("Job {}: '{}' not delivered yet ({}); sent later by this connector's tasks",
                            row.progress().jobId(), stage, e.getMessage());
                    return;
                }
            }
            ledger.change(row.progress().jobId(), r -> r.owed().contains(stage) ? r.paid(stage) : null);
        }
    }

    private StatusEvent eventOf(JobLedgerTable.JobRow row, String stage) {
        JobProgress p = row.progress();
        return switch (stage) {
            case "start" -> events.start(p.jobId(), p.topic(), p.predictedTotal());
            case "end" -> events.end(p.jobId(), p.topic(), p.written(), p.deadLettered(), p.predictedTotal());
            default -> events.error(p.jobId(), p.topic(), row.message() == null ? "failed" : row.message(), null,
                    p.written());
        };
    }
}
