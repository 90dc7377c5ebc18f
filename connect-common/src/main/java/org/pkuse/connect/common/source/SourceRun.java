package org.pkuse.connect.common.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.pkuse.connect.common.run.RunOffset;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersWriter;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.Redactor;
import org.pkuse.connect.status.RunOutcome;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a source job: plans the read, counts what it will send, then hands out records in the source's order
 * with the job headers, holding back one record so that {@code isEnd} lands on the true last one. The run is
 * complete once its reader is exhausted and every record it handed out has been acknowledged. What it reads comes
 * from a {@link RunSource}; numbering, headers, offsets and events are the same for every source.
 */
public final class SourceRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceRun.class);

    /** What every run of a task shares. */
    public record Setup(RunSettings config, RunSource source, StatusReporter reporter, StatusHistory history,
                        Map<String, Object> partition, String fingerprint, long rerun) {
    }

    private final Setup setup;
    private final long run;
    private final String runTaskId;
    private final long upTo;
    private final String from;
    private final long predictedTotal;
    private final JobRun job;
    private final RowStream rows;
    private final Increments increments;
    private final boolean timeWatermark;
    private final String bound;
    private final String topic; // the config derives it on each call: once per run, not per record
    private final AtomicLong acknowledged = new AtomicLong();
    private long index;
    private long skipped;
    private Object maxIncrement;
    private long handedOut;
    private Pending held;
    private boolean exhausted;

    private record Pending(SourceRow row, long index, long skipped, String next) {
    }

    private record Position(long index, long skipped, Object maxIncrement) {
    }

    private SourceRun(Setup setup, long run, String runTaskId, long upTo, String from, long predictedTotal,
                      JobRun job, RowStream rows, RunReading reading, Position at) {
        this.setup = setup;
        this.run = run;
        this.runTaskId = runTaskId;
        this.upTo = upTo;
        this.from = from;
        this.predictedTotal = predictedTotal;
        this.job = job;
        this.rows = rows;
        this.increments = reading.increments();
        this.bound = reading.bound();
        this.topic = setup.config().topic();
        this.timeWatermark = reading.timeWatermark();
        this.index = at.index();
        this.skipped = at.skipped();
        this.maxIncrement = at.maxIncrement();
    }

    /** The job id of run {@code run}: the configured one, or {@code <id>-<run>} when runs are scheduled. */
    public static String runTaskId(RunSettings config, long run) {
        return config.scheduled() ? config.jobId() + "-" + run : config.jobId();
    }

    /**
     * Starts run {@code run} reading from {@code from}: fixes its time bound, counts, and opens the run on the
     * status topic (a 'start' unless an earlier attempt of this run sent one; a run that finished before is over).
     */
    public static SourceRun begin(Setup setup, long run, String from) throws Exception {
        RunSettings config = setup.config();
        long upTo = System.currentTimeMillis();
        String taskId = runTaskId(config, run);
        RunReading reading = setup.source().plan(from, upTo, null, null);
        // Whether an earlier attempt sent this run's events does not depend on the count: read both at once.
        CompletableFuture<List<StatusEvent>> earlier = setup.history().eventsOfMeanwhile(taskId);
        long total = reading.count();
        log.info("Job {} run {}: {}, predicted total {}", taskId, run, reading.describe(), total);
        JobRun job;
        try {
            job = JobRun.open(setup.reporter(), setup.history(), awaitEvents(earlier), Side.SOURCE, taskId,
                    setup.rerun(), config.topic(), total);
        } catch (RuntimeException e) {
            reading.release(); // the status topic is away: the run starts again later, with a new snapshot
            throw e;
        }
        return new SourceRun(setup, run, taskId, upTo, from, total, job, open(reading, job), reading,
                new Position(0, 0, reading.fromValue()));
    }

    private static List<StatusEvent> awaitEvents(CompletableFuture<List<StatusEvent>> events) {
        try {
            return events.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Continues a run after its last committed record, with the same bounds and numbering; no second 'start'. The
     * offset is read completely before the reader starts, so a bad offset leaves nothing running.
     */
    public static SourceRun resume(Setup setup, RunOffset offset) throws Exception {
        RunReading reading = setup.source().plan(offset.from(), offset.upTo(), offset.bound(), offset.lastRow());
        String lastRow = offset.lastRow() == null ? null : reading.shownPosition(offset.lastRow());
        log.info("Job {} run {}: resuming after record {} of {} ({} skipped){}", offset.runTaskId(), offset.run(),
                offset.index(), offset.predictedTotal(), offset.skipped(), lastRow == null ? "" : ", row " + lastRow);
        Object max = reading.fromValue();
        if (reading.increments() != null && !offset.next().isEmpty()) {
            max = reading.increments().parse("The stored offset's next increment value", offset.next());
        }
        JobRun job = JobRun.open(setup.reporter(), setup.history(), Side.SOURCE, offset.runTaskId(), offset.rerun(),
                setup.config().topic(), offset.predictedTotal());
        return new SourceRun(setup, offset.run(), offset.runTaskId(), offset.upTo(), offset.from(),
                offset.predictedTotal(), job, open(reading, job), reading,
                new Position(offset.index(), offset.skipped(), max));
    }

    /** The run's reader; none for a run whose final event is on the status topic already (nothing is sent again). */
    private static RowStream open(RunReading reading, JobRun job) throws Exception {
        if (job.finishedBefore() != null) {
            reading.release();
            return null;
        }
        return reading.open();
    }

    public long run() {
        return run;
    }

    public long predictedTotal() {
        return predictedTotal;
    }

    /** The last record handed out (1-based); read by metrics from another thread, so an estimate there. */
    public long index() {
        return index;
    }

    public long skipped() {
        return skipped;
    }

    /** The source's reader threads still reading this run. */
    public int readersBusy() {
        return rows.readersBusy();
    }

    public String runTaskId() {
        return runTaskId;
    }

    /**
     * The next records, at most {@code max}; empty when none is ready within {@code waitMs}.
     *
     * @throws ConnectException when a value cannot be converted and errors are not tolerated, or reading fails;
     *                          the run's 'error' event has been sent
     */
    public List<SourceRecord> poll(int max, long waitMs) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        if (exhausted) {
            return out;
        }
        if (rows == null) {
            exhausted = true; // finished before: nothing to send again
            return out;
        }
        for (RowItem item : rows.next(max, waitMs)) {
            if (item instanceof RowItem.Row r) {
                if (held != null) {
                    out.add(record(held, false));
                }
                index++;
                Object value = r.row().incrementValue();
                if (increments != null && value != null
                        && (maxIncrement == null || increments.compare(value, maxIncrement) > 0)) {
                    maxIncrement = value;
                }
                held = new Pending(r.row(), index, skipped, next());
            } else if (item instanceof RowItem.Bad bad) {
                skipOrFail(bad);
            } else if (item instanceof RowItem.Failure failure) {
                String message = "Job " + runTaskId + ": reading " + setup.config().qualifiedTable() + " failed: "
                        + Redactor.redact(String.valueOf(failure.error()));
                job.fail(message, failure.error(), index);
                throw new ConnectException(message, failure.error());
            }
        }
        if (rows.done()) {
            exhausted = true;
            if (held != null) {
                out.add(record(held, true));
                held = null;
            } else if (index == 0 && setup.config().emptyRunMarker()) {
                out.add(emptyRunMarker());
            }
            log.info("Job {} run {}: read complete, {} record(s) sent, {} skipped; waiting for acknowledgements",
                    runTaskId, run, index, skipped);
        }
        handedOut += out.size();
        if (!out.isEmpty()) {
            job.progress(index);
        }
        return out;
    }

    /** A row that cannot be converted: skipped under errors.tolerance=all, else it fails the run. */
    private void skipOrFail(RowItem.Bad bad) {
        if (setup.config().tolerateAll()) {
            log.debug("Job {}: skipping the row {}: {}", runTaskId, position(), bad.error().getMessage());
            skipped++;
            return;
        }
        String message = "Job " + runTaskId + ": cannot convert a value (errors.tolerance=none) in the row "
                + position() + ": " + bad.error().getMessage() + (setup.config().includeValues() ? ""
                : "; " + RunSettings.ERRORS_INCLUDE_VALUES + "=true shows the row key and value");
        job.fail(message, bad.error(), index);
        throw new ConnectException(message, bad.error());
    }

    /** Where the row after the last one handed out stands, by position: the row key is data. */
    private String position() {
        String where = index == 0 ? "before the run's first record" : "after record " + index;
        return skipped == 0 ? where : where + " (" + skipped + " row(s) skipped before it)";
    }

    private String next() {
        if (increments != null) {
            return maxIncrement == null ? from : increments.format(maxIncrement);
        }
        return timeWatermark ? Long.toString(upTo) : "";
    }

    private SourceRecord record(Pending p, boolean last) {
        RunOffset offset = new RunOffset(run, runTaskId, upTo, from, predictedTotal, p.row().position(), p.index(),
                p.skipped(), p.next(), last, setup.fingerprint(), setup.rerun(), bound);
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(new JobHeaders(runTaskId, predictedTotal, p.index(), last, setup.rerun()), headers);
        return new SourceRecord(setup.partition(), offset.toMap(), topic, null,
                p.row().keySchema(), p.row().key(), p.row().value().schema(), p.row().value(), null, headers);
    }

    /**
     * The one record of a run of 0 rows, so that a sink learns that the run ended (and an overwrite job empties its
     * table): no key, no value, the job headers with predictedTotal 0, currentIndex 0, isEnd true, and the header
     * {@code pkuseMarker=emptyRun}. Its offset marks the run done.
     */
    private SourceRecord emptyRunMarker() {
        RunOffset offset = new RunOffset(run, runTaskId, upTo, from, predictedTotal, null, 0, skipped, next(), true,
                setup.fingerprint(), setup.rerun(), bound);
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(JobHeaders.emptyRun(runTaskId, setup.rerun()), headers);
        log.info("Job {} run {}: 0 records; sending the empty-run marker", runTaskId, run);
        return new SourceRecord(setup.partition(), offset.toMap(), topic, null, null, null, null,
                null, null, headers);
    }

    /** A record of this run reached Kafka. */
    public void acknowledge() {
        acknowledged.incrementAndGet();
    }

    /** The reader is exhausted and every record handed out is acknowledged. */
    public boolean complete() {
        return exhausted && acknowledged.get() >= handedOut;
    }

    /**
     * Ends the run: its 'end' event with the exact total, the skipped count and the next increment value is owed
     * and sent (nothing for a run that finished before). Call {@link #delivered()} to know it arrived.
     */
    public void finish() {
        job.end(RunOutcome.of(index).withSkipped(skipped).withNextIncrementValue(next().isEmpty() ? null : next()));
    }

    /** Every event this run owes reached the status topic; otherwise sends them again and says whether they did. */
    public boolean delivered() {
        return job.deliver();
    }

    /** The run's status lifecycle. */
    public JobRun job() {
        return job;
    }

    /**
     * The value the next scheduled run starts from; for a run that had finished before, the one its 'end' carried
     * (what this attempt knows of the run may stop short of its last records).
     */
    public String nextFrom() {
        StatusEvent before = job.finalEvent();
        return before != null && before.nextIncrementValue() != null ? before.nextIncrementValue() : next();
    }

    /** Fails the run (error event) for a problem outside the reader. */
    public void fail(String message, Throwable error) {
        job.fail(message, error, index);
    }

    @Override
    public void close() {
        if (rows != null) {
            rows.close();
        }
    }
}
