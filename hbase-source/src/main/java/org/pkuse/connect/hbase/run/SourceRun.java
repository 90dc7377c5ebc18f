package org.pkuse.connect.hbase.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.filter.Filter;
import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.util.Pair;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.pkuse.connect.hbase.HBaseSourceConfig;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ConversionException;
import org.pkuse.connect.hbase.mapping.FieldType;
import org.pkuse.connect.hbase.mapping.MappedRow;
import org.pkuse.connect.hbase.mapping.RowMapper;
import org.pkuse.connect.hbase.scan.KeyRange;
import org.pkuse.connect.hbase.scan.OrderedScan;
import org.pkuse.connect.hbase.scan.ResolvedColumn;
import org.pkuse.connect.hbase.scan.RowCounter;
import org.pkuse.connect.hbase.scan.ScanItem;
import org.pkuse.connect.hbase.scan.ScanPlan;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersWriter;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.RunOutcome;
import org.pkuse.connect.status.Side;
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
    public record Setup(HBaseSourceConfig config, Connection connection, List<ResolvedColumn> columns,
                        StatusReporter reporter, Map<String, Object> partition, String fingerprint) {
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
    public static String runTaskId(HBaseSourceConfig config, long run) {
        return config.scheduled() ? config.jobId() + "-" + run : config.jobId();
    }

    /** Starts run {@code run} reading from {@code from}: fixes its time bound, counts, sends 'start'. */
    public static SourceRun begin(Setup setup, long run, String from) throws Exception {
        HBaseSourceConfig config = setup.config();
        long upTo = System.currentTimeMillis();
        String taskId = runTaskId(config, run);
        Planned planned = plan(setup, from, upTo, null);
        long total = RowCounter.count(setup.connection(), planned.plan, planned.ranges, planned.mapper,
                planned.mapper.hasClientSideFilter() || config.tolerateAll(), config.tolerateAll(),
                config.scanThreads());
        log.info("Job {} run {}: table {}, {} region range(s), rows up to {} ({}{}), predicted total {}", taskId, run,
                config.qualifiedTable(), planned.ranges.size(), upTo,
                planned.plan.mode() == ScanPlan.Mode.CHANGED_ROWS ? "changed since " + planned.plan.changedSince()
                        : "all rows", planned.incrementType != null ? ", " + config.incrementField() + " > '" + from
                        + "'" : "", total);
        JobRun job = JobRun.start(setup.reporter(), Side.SOURCE, taskId, config.topic(), total);
        OrderedScan scan = new OrderedScan(setup.connection(), planned.plan, planned.ranges, planned.mapper,
                config.scanThreads(), config.scanQueueRows(), config.jobId());
        return new SourceRun(setup, run, taskId, upTo, from, total, job, scan, 0, 0, planned.fromValue,
                planned.incrementType);
    }

    /** Continues a run after its last committed record, with the same bounds and numbering; no second 'start'. */
    public static SourceRun resume(Setup setup, RunOffset offset) throws Exception {
        HBaseSourceConfig config = setup.config();
        Planned planned = plan(setup, offset.from(), offset.upTo(), offset.lastRow());
        log.info("Job {} run {}: resuming after row {} (index {} of {}, {} skipped)", offset.runTaskId(),
                offset.run(), offset.lastRow() == null ? "(none)" : RowMapper.rowKeyText(offset.lastRow()),
                offset.index(), offset.predictedTotal(), offset.skipped());
        JobRun job = JobRun.resume(setup.reporter(), Side.SOURCE, offset.runTaskId(), config.topic(),
                offset.predictedTotal());
        OrderedScan scan = new OrderedScan(setup.connection(), planned.plan, planned.ranges, planned.mapper,
                config.scanThreads(), config.scanQueueRows(), config.jobId());
        Object max = planned.fromValue;
        if (planned.incrementType != null && !offset.next().isEmpty()) {
            max = config.decoder().parse(offset.next(), planned.incrementType);
        }
        return new SourceRun(setup, offset.run(), offset.runTaskId(), offset.upTo(), offset.from(),
                offset.predictedTotal(), job, scan, offset.index(), offset.skipped(), max, planned.incrementType);
    }

    private record Planned(ScanPlan plan, List<KeyRange> ranges, RowMapper mapper, FieldType incrementType,
                           Object fromValue) {
    }

    private static Planned plan(Setup setup, String from, long upTo, byte[] after) throws Exception {
        HBaseSourceConfig config = setup.config();
        TableName table = TableName.valueOf(config.qualifiedTable());
        List<ResolvedColumn> columns = setup.columns();
        int incrementColumn = -1;
        FieldType incrementType = null;
        Object fromValue = null;
        ScanPlan.Mode mode = ScanPlan.Mode.ALL_ROWS;
        long changedSince = 0;
        if (config.incremental()) {
            if (config.incrementField().isEmpty()) {
                if (!from.isEmpty()) {
                    mode = ScanPlan.Mode.CHANGED_ROWS;
                    changedSince = IncrementBounds.parseTimestamp(from, config.decoder());
                }
            } else {
                for (int i = 0; i < columns.size(); i++) {
                    var f = columns.get(i).field();
                    if (f.targetFiled().equals(config.incrementField())
                            || (incrementColumn < 0 && f.sourceFiled().equals(config.incrementField()))) {
                        incrementColumn = i;
                    }
                }
                if (incrementColumn < 0) {
                    throw new ConnectException(HBaseSourceConfig.INCREMENT_FIELD + " '" + config.incrementField()
                            + "' names no mapped field");
                }
                incrementType = columns.get(incrementColumn).field().type();
                fromValue = from.isEmpty() ? null : config.decoder().parse(from, incrementType);
            }
        }
        List<Filter> pushed = new ArrayList<>();
        for (ResolvedColumn c : columns) {
            if (c.field().condition() != null && !c.isRowKey()) {
                c.field().condition().pushDown(c.family(), c.qualifier(), config.valueEncoding()).ifPresent(pushed::add);
            }
        }
        Filter pushDown = pushed.isEmpty() ? null : pushed.size() == 1 ? pushed.get(0)
                : new FilterList(FilterList.Operator.MUST_PASS_ALL, pushed);
        byte[] start = after != null ? after : config.rowKeyStart().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        KeyRange range = new KeyRange(start, after != null,
                config.rowKeyStop().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ScanPlan plan = new ScanPlan(table, columns, range, mode, changedSince, upTo, pushDown, config.scanCaching());
        List<KeyRange> ranges;
        try (RegionLocator locator = setup.connection().getRegionLocator(table)) {
            Pair<byte[][], byte[][]> keys = locator.getStartEndKeys();
            ranges = range.split(keys.getFirst(), keys.getSecond());
        }
        RowMapper mapper = new RowMapper(columns, config.decoder(), config.decoder().withEncoding(
                config.rowKeyEncoding()), schemaName(config), incrementColumn, fromValue);
        return new Planned(plan, ranges, mapper, incrementType, fromValue);
    }

    private static String schemaName(HBaseSourceConfig config) {
        return "org.pkuse.connect.hbase." + (config.namespace() + "_" + config.table()).replaceAll("[^A-Za-z0-9_]",
                "_");
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
                if (setup.config().tolerateAll()) {
                    skipped++;
                    log.debug("Job {}: skipping row: {}", runTaskId, bad.error().getMessage());
                } else {
                    String message = "Job " + runTaskId + ": cannot convert a value (errors.tolerance=none): "
                            + bad.error().getMessage();
                    job.fail(message, bad.error(), index);
                    throw new ConnectException(message, bad.error());
                }
            } else if (item instanceof ScanItem.Failure failure) {
                String message = "Job " + runTaskId + ": reading table " + setup.config().qualifiedTable()
                        + " failed: " + failure.error();
                job.fail(message, failure.error(), index);
                throw new ConnectException(message, failure.error());
            }
        }
        if (scan.done()) {
            exhausted = true;
            if (held != null) {
                out.add(record(held, true));
                held = null;
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

    private String next() {
        if (incrementType != null) {
            return maxIncrement == null ? from : decoder.format(maxIncrement, incrementType);
        }
        return Long.toString(upTo);
    }

    private SourceRecord record(Pending p, boolean last) {
        RunOffset offset = new RunOffset(run, runTaskId, upTo, from, predictedTotal, p.row().rowKey(), p.index(),
                p.skipped(), p.next(), last, setup.fingerprint());
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(new JobHeaders(runTaskId, predictedTotal, p.index(), last), headers);
        SourceRecord r = new SourceRecord(setup.partition(), offset.toMap(), setup.config().topic(), null,
                keySchema(p), p.row().key(), p.row().value().schema(), p.row().value(), null, headers);
        return r;
    }

    private org.apache.kafka.connect.data.Schema keySchema(Pending p) {
        Object key = p.row().key();
        return key instanceof org.apache.kafka.connect.data.Struct s ? s.schema()
                : org.apache.kafka.connect.data.Schema.STRING_SCHEMA;
    }

    /** A record of this run reached Kafka. */
    public void acknowledge() {
        acknowledged.incrementAndGet();
    }

    /** The scan is exhausted and every record handed out is acknowledged. */
    public boolean complete() {
        return exhausted && acknowledged.get() >= handedOut;
    }

    /** Sends the 'end' event with the exact total, the skipped count and the next increment value. */
    public RunOutcome finish() {
        RunOutcome outcome = RunOutcome.of(index).withSkipped(skipped).withNextIncrementValue(next());
        job.end(outcome);
        return outcome;
    }

    /** The value the next scheduled run starts from. */
    public String nextFrom() {
        return next();
    }

    /** Fails the run (error event) for a problem outside the scan. */
    public void fail(String message, Throwable error) {
        job.fail(message, error, index);
    }

    @Override
    public void close() {
        scan.close();
    }

    /** Parsing of the timestamp watermark. */
    public static final class IncrementBounds {
        private IncrementBounds() {
        }

        /** Epoch milliseconds, or a datetime in the configured pattern. */
        public static long parseTimestamp(String text, CellDecoder decoder) throws ConversionException {
            String t = text.trim();
            if (t.matches("-?\\d+")) {
                return Long.parseLong(t);
            }
            Object v = decoder.parse(t, new FieldType(FieldType.Kind.TIMESTAMP, 0, 0));
            return ((java.util.Date) v).getTime();
        }
    }
}
