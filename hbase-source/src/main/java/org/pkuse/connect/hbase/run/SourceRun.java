package org.pkuse.connect.hbase.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hadoop.hbase.client.Connection;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.pkuse.connect.common.run.RunOffset;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.FieldType;
import org.pkuse.connect.hbase.mapping.MappedRow;
import org.pkuse.connect.hbase.mapping.ResolvedColumn;
import org.pkuse.connect.hbase.mapping.RowMapper;
import org.pkuse.connect.hbase.scan.OrderedScan;
import org.pkuse.connect.hbase.scan.RowCounter;
import org.pkuse.connect.hbase.scan.ScanItem;
import org.pkuse.connect.hbase.scan.ScanPlan;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersWriter;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.Redactor;
import org.pkuse.connect.status.RunOutcome;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusPublishException;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job: plans the scan, counts what it will send, then hands out records in row-key order with the
 * job headers, holding back one record so that {@code isEnd} lands on the true last one. The run is complete once
 * the scan is exhausted and every record it handed out has been acknowledged.
 */
public final class SourceRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceRun.class);

    /** What every run of a task shares. */
    public record Setup(RunOptions config, Connection connection, List<ResolvedColumn> columns,
                        StatusReporter reporter, StatusHistory history, Map<String, Object> partition,
                        String fingerprint, long rerun) {
    }

    private final Setup setup;
    private final long run;
    private final String runTaskId;
    private final long upTo;
    private final String from;
    private final long predictedTotal;
    private final JobRun job;
    private final OrderedScan scan;
    private final FieldType incrementType;
    private final CellDecoder decoder;
    private final AtomicLong acknowledged = new AtomicLong();
    private long index;
    private long skipped;
    private Object maxIncrement;
    private long handedOut;
    private Pending held;
    private boolean exhausted;

    private record Pending(MappedRow row, long index, long skipped, String next) {
    }

    private SourceRun(Setup setup, long run, String runTaskId, long upTo, String from, long predictedTotal,
                      JobRun job, OrderedScan scan, long index, long skipped, Object maxIncrement,
                      FieldType incrementType) {
        this.setup = setup;
        this.run = run;
        this.runTaskId = runTaskId;
        this.upTo = upTo;
        this.from = from;
        this.predictedTotal = predictedTotal;
        this.job = job;
        this.scan = scan;
        this.index = index;
        this.skipped = skipped;
        this.maxIncrement = maxIncrement;
        this.incrementType = incrementType;
        this.decoder = setup.config().decoder();
    }

    /** The job id of run {@code run}: the configured one, or {@code <id>-<run>} when runs are scheduled. */
    public static String runTaskId(RunOptions config, long run) {
        return config.scheduled() ? config.jobId() + "-" + run : config.jobId();
    }

    /**
     * Starts run {@code run} reading from {@code from}: fixes its time bound, counts, and opens the run on the
     * status topic (a 'start' unless an earlier attempt of this run sent one; a run that finished before is over).
     */
    public static SourceRun begin(Setup setup, long run, String from) throws Exception {
        RunOptions config = setup.config();
        long upTo = System.currentTimeMillis();
        String taskId = runTaskId(config, run);
        RunPlan planned = RunPlan.of(setup, from, upTo, null);
        long total = RowCounter.count(setup.connection(), planned.plan(), planned.ranges(), planned.mapper(),
                planned.mapper().hasClientSideFilter() || config.tolerateAll(), config.tolerateAll(),
                config.scanThreads());
        log.info("Job {} run {}: table {}, {} region range(s), rows up to {} ({}{}), predicted total {}", taskId, run,
                config.qualifiedTable(), planned.ranges().size(), upTo,
                planned.plan().mode() == ScanPlan.Mode.CHANGED_ROWS ? "changed since "
                        + planned.plan().changedSince() : "all rows", planned.incrementBound(config, from), total);
        JobRun job = JobRun.open(setup.reporter(), setup.history(), Side.SOURCE, taskId, setup.rerun(),
                config.topic(), total);
        return new SourceRun(setup, run, taskId, upTo, from, total, job, scanOf(setup, planned, job), 0, 0,
                planned.fromValue(), planned.incrementType());
    }

    /**
     * Continues a run after its last committed record, with the same bounds and numbering; no second 'start'. The
     * offset is read completely before the scan's threads start, so a bad offset leaves nothing running.
     */
    public static SourceRun resume(Setup setup, RunOffset offset) throws Exception {
        RunOptions config = setup.config();
        RunPlan planned = RunPlan.of(setup, offset.from(), offset.upTo(), offset.lastRow());
        String lastRow = offset.lastRow() == null ? null : planned.mapper().shownRowKey(offset.lastRow());
        log.info("Job {} run {}: resuming after record {} of {} ({} skipped){}", offset.runTaskId(), offset.run(),
                offset.index(), offset.predictedTotal(), offset.skipped(), lastRow == null ? "" : ", row " + lastRow);
        Object max = planned.fromValue();
        if (planned.incrementType() != null && !offset.next().isEmpty()) {
            max = IncrementBounds.parse("The stored offset's next increment value", offset.next(),
                    planned.incrementType(), config.decoder(), config.includeValues());
        }
        JobRun job = JobRun.open(setup.reporter(), setup.history(), Side.SOURCE, offset.runTaskId(), offset.rerun(),
                config.topic(), offset.predictedTotal());
        return new SourceRun(setup, offset.run(), offset.runTaskId(), offset.upTo(), offset.from(),
                offset.predictedTotal(), job, scanOf(setup, planned, job), offset.index(), offset.skipped(), max,
                planned.incrementType());
    }

    /** The run's scan; none for a run whose final event is on the status topic already (nothing is sent again). */
    private static OrderedScan scanOf(Setup setup, RunPlan planned, JobRun job) {
        if (job.finishedBefore() != null) {
            return null;
        }
        RunOptions config = setup.config();
        return new OrderedScan(setup.connection(), planned.plan(), planned.ranges(), planned.mapper(),
                config.scanThreads(), config.scanQueueRows(), config.jobId());
    }

    /**
     * Sends the final event of a run that finished before its last offset commit was taken (the task stopped
     * between the two): its 'end', from the committed offset, unless the status topic holds it already.
     *
     * @throws StatusPublishException when the status topic cannot be read; try again
     */
    public static JobRun reconcileEnded(StatusReporter reporter, StatusHistory history, RunOptions config,
                                        RunOffset offset) {
        JobRun job = JobRun.open(reporter, history, Side.SOURCE, offset.runTaskId(), offset.rerun(), config.topic(),
                offset.predictedTotal());
        if (job.finishedBefore() == null) {
            log.info("Job {} run {}: finished, but its 'end' is not on the status topic; sending it",
                    offset.runTaskId(), offset.run());
            job.end(RunOutcome.of(offset.index()).withSkipped(offset.skipped())
                    .withNextIncrementValue(offset.next()));
        }
        return job;
    }

    public long run() {
        return run;
    }

    public String runTaskId() {
        return runTaskId;
    }

    /**
     * The next records, at most {@code max}; empty when none is ready within {@code waitMs}.
     *
     * @throws ConnectException when a value cannot be converted and errors are not tolerated, or the scan fails;
     *                          the run's 'error' event has been sent
     */
    public List<SourceRecord> poll(int max, long waitMs) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        if (exhausted) {
            return out;
        }
        if (scan == null) {
            exhausted = true; // finished before: nothing to send again
            return out;
        }
        List<ScanItem> items = scan.next(max, waitMs);
        for (ScanItem item : items) {
            if (item instanceof ScanItem.Row r) {
                if (held != null) {
                    out.add(record(held, false));
                }
                index++;
                if (incrementType != null && r.row().incrementValue() != null
                        && (maxIncrement == null || RowMapper.compare(r.row().incrementValue(), maxIncrement) > 0)) {
                    maxIncrement = r.row().incrementValue();
                }
                held = new Pending(r.row(), index, skipped, next());
            } else if (item instanceof ScanItem.Bad bad) {
                skipOrFail(bad);
            } else if (item instanceof ScanItem.Failure failure) {
                String message = "Job " + runTaskId + ": reading table " + setup.config().qualifiedTable()
                        + " failed: " + Redactor.redact(String.valueOf(failure.error()));
                job.fail(message, failure.error(), index);
                throw new ConnectException(message, failure.error());
            }
        }
        if (scan.done()) {
            exhausted = true;
            if (held != null) {
                out.add(record(held, true));
                held = null;
            } else if (index == 0 && setup.config().emptyRunMarker()) {
                out.add(emptyRunMarker());
            }
            log.info("Job {} run {}: scan complete, {} record(s) sent, {} skipped; waiting for acknowledgements",
                    runTaskId, run, index, skipped);
        }
        handedOut += out.size();
        if (!out.isEmpty()) {
            job.progress(index);
        }
        return out;
    }

    /** A row that cannot be converted: skipped under errors.tolerance=all, else it fails the run. */
    private void skipOrFail(ScanItem.Bad bad) {
        if (setup.config().tolerateAll()) {
            log.debug("Job {}: skipping the row {}: {}", runTaskId, position(), bad.error().getMessage());
            skipped++;
            return;
        }
        String message = "Job " + runTaskId + ": cannot convert a value (errors.tolerance=none) in the row "
                + position() + ": " + bad.error().getMessage() + (setup.config().includeValues() ? ""
                : "; " + RunOptions.ERRORS_INCLUDE_VALUES + "=true shows the row key and value");
        job.fail(message, bad.error(), index);
        throw new ConnectException(message, bad.error());
    }

    /** Where the row after the last one handed out stands, by position: the row key is data. */
    private String position() {
        String where = index == 0 ? "before the run's first record" : "after record " + index;
        return skipped == 0 ? where : where + " (" + skipped + " row(s) skipped before it)";
    }

    private String next() {
        if (incrementType != null) {
            return maxIncrement == null ? from : decoder.format(maxIncrement, incrementType);
        }
        return Long.toString(upTo);
    }

    private SourceRecord record(Pending p, boolean last) {
        RunOffset offset = new RunOffset(run, runTaskId, upTo, from, predictedTotal, p.row().rowKey(), p.index(),
                p.skipped(), p.next(), last, setup.fingerprint(), setup.rerun());
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(new JobHeaders(runTaskId, predictedTotal, p.index(), last, setup.rerun()), headers);
        SourceRecord r = new SourceRecord(setup.partition(), offset.toMap(), setup.config().topic(), null,
                keySchema(p), p.row().key(), p.row().value().schema(), p.row().value(), null, headers);
        return r;
    }

    /**
     * The one record of a run of 0 rows, so that a sink learns that the run ended (and an overwrite job empties its
     * table): no key, no value, the job headers with predictedTotal 0, currentIndex 0, isEnd true, and the header
     * {@code pkuseMarker=emptyRun}. Its offset marks the run done.
     */
    private SourceRecord emptyRunMarker() {
        RunOffset offset = new RunOffset(run, runTaskId, upTo, from, predictedTotal, null, 0, skipped, next(), true,
                setup.fingerprint(), setup.rerun());
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(JobHeaders.emptyRun(runTaskId, setup.rerun()), headers);
        log.info("Job {} run {}: 0 records; sending the empty-run marker", runTaskId, run);
        return new SourceRecord(setup.partition(), offset.toMap(), setup.config().topic(), null, null, null, null,
                null, null, headers);
    }

    private Schema keySchema(Pending p) {
        Object key = p.row().key();
        return key instanceof Struct s ? s.schema() : Schema.STRING_SCHEMA;
    }

    /** A record of this run reached Kafka. */
    public void acknowledge() {
        acknowledged.incrementAndGet();
    }

    /** The scan is exhausted and every record handed out is acknowledged. */
    public boolean complete() {
        return exhausted && acknowledged.get() >= handedOut;
    }

    /**
     * Ends the run: its 'end' event with the exact total, the skipped count and the next increment value is owed
     * and sent (nothing for a run that finished before). Call {@link #delivered()} to know it arrived.
     */
    public void finish() {
        job.end(RunOutcome.of(index).withSkipped(skipped).withNextIncrementValue(next()));
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

    /** Fails the run (error event) for a problem outside the scan. */
    public void fail(String message, Throwable error) {
        job.fail(message, error, index);
    }

    @Override
    public void close() {
        if (scan != null) {
            scan.close();
        }
    }
}
