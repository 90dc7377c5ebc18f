package org.pkuse.connect.hbase.run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.filter.Filter;
import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.util.Pair;
import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.source.Increments;
import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.common.source.RunReading;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ConditionFilter;
import org.pkuse.connect.hbase.mapping.ResolvedColumn;
import org.pkuse.connect.hbase.mapping.RowMapper;
import org.pkuse.connect.hbase.scan.KeyRange;
import org.pkuse.connect.hbase.scan.OrderedScan;
import org.pkuse.connect.hbase.scan.RowCounter;
import org.pkuse.connect.hbase.scan.ScanPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one run reads: the scan plan (mode, time bounds, pushed-down filters), the region ranges it splits into, the
 * row mapper, and for an incremental run by field that field's type and lower bound. Counted and scanned with the
 * same plan, so the count is what the scan hands out.
 */
record RunPlan(Connection connection, RunOptions config, String from, ScanPlan plan, List<KeyRange> ranges,
               RowMapper mapper, FieldType incrementType, Object fromValue) implements RunReading {

    private static final Logger log = LoggerFactory.getLogger(RunPlan.class);
    private static final String BOUND = "The run's lower bound (" + RunOptions.LAST_INCREMENT_VALUE
            + ", or the previous run's next increment value)";

    /**
     * Plans a run reading from {@code from} up to {@code upTo}, after row {@code after} (a resumed run) or from the
     * start of the configured key range.
     */
    static RunPlan of(Connection connection, RunOptions config, List<ResolvedColumn> columns, String from, long upTo,
                      byte[] after) throws Exception {
        TableName table = TableName.valueOf(config.qualifiedTable());
        int incrementColumn = -1;
        FieldType incrementType = null;
        Object fromValue = null;
        ScanPlan.Mode mode = ScanPlan.Mode.ALL_ROWS;
        long changedSince = 0;
        if (config.incremental()) {
            if (config.incrementField().isEmpty()) {
                if (!from.isEmpty()) {
                    mode = ScanPlan.Mode.CHANGED_ROWS;
                    // a time, not a row value: always shown
                    changedSince = (Long) IncrementBounds.parse(BOUND, from, null, config.decoder(), true);
                }
            } else {
                for (int i = 0; i < columns.size(); i++) {
                    var f = columns.get(i).field();
                    if (f.target().equals(config.incrementField())
                            || (incrementColumn < 0 && f.source().equals(config.incrementField()))) {
                        incrementColumn = i;
                    }
                }
                if (incrementColumn < 0) {
                    throw new ConnectException(RunOptions.INCREMENT_FIELD + " '" + config.incrementField()
                            + "' names no mapped field");
                }
                incrementType = columns.get(incrementColumn).field().type();
                fromValue = from.isEmpty() ? null : IncrementBounds.parse(BOUND, from, incrementType,
                        config.decoder(), config.includeValues());
            }
        }
        List<Filter> pushed = new ArrayList<>();
        for (ResolvedColumn c : columns) {
            if (c.field().condition() != null && !c.isRowKey()) {
                ConditionFilter.pushDown(c.field().condition(), c.family(), c.qualifier(), config.valueEncoding())
                        .ifPresent(pushed::add);
            }
        }
        Filter pushDown = pushed.isEmpty() ? null : pushed.size() == 1 ? pushed.get(0)
                : new FilterList(FilterList.Operator.MUST_PASS_ALL, pushed);
        byte[] start = after != null ? after : config.rowKeyStart().getBytes(StandardCharsets.UTF_8);
        KeyRange range = new KeyRange(start, after != null,
                config.rowKeyStop().getBytes(StandardCharsets.UTF_8));
        ScanPlan plan = new ScanPlan(table, columns, range, mode, changedSince, upTo, pushDown, config.scanCaching());
        List<KeyRange> ranges;
        try (RegionLocator locator = connection.getRegionLocator(table)) {
            Pair<byte[][], byte[][]> keys = locator.getStartEndKeys();
            ranges = range.split(keys.getFirst(), keys.getSecond());
        }
        if (mode == ScanPlan.Mode.CHANGED_ROWS && changedSince >= upTo) {
            // The watermark is at or past the run's upper bound (a clock ahead of this worker's wrote it): nothing
            // can be newer, and HBase would reject the time range. The run is empty and ends as one.
            log.info("Job {}: {} {} is not before the run's upper bound {}: nothing to read",
                    config.jobId(), RunOptions.LAST_INCREMENT_VALUE, changedSince, upTo);
            ranges = List.of();
        }
        RowMapper mapper = new RowMapper(columns, config.decoder(), config.decoder().withEncoding(
                config.rowKeyEncoding()), schemaName(config), incrementColumn, fromValue, config.includeValues());
        return new RunPlan(connection, config, from, plan, ranges, mapper, incrementType, fromValue);
    }

    @Override
    public long count() throws Exception {
        return RowCounter.count(connection, plan, ranges, mapper, mapper.hasClientSideFilter() || config.tolerateAll(),
                config.tolerateAll(), config.scanThreads());
    }

    @Override
    public RowStream open() {
        return new OrderedScan(connection, plan, ranges, mapper, config.scanThreads(), config.scanQueueRows(),
                config.jobId());
    }

    @Override
    public Increments increments() {
        if (incrementType == null) {
            return null;
        }
        CellDecoder decoder = config.decoder();
        return new Increments() {
            @Override
            public int compare(Object a, Object b) {
                return RowMapper.compare(a, b);
            }

            @Override
            public String format(Object value) {
                return decoder.format(value, incrementType);
            }

            @Override
            public Object parse(String what, String text) {
                return IncrementBounds.parse(what, text, incrementType, decoder, config.includeValues());
            }
        };
    }

    @Override
    public String describe() {
        return "table " + config.qualifiedTable() + ", " + ranges.size() + " region range(s), rows up to "
                + plan.upTo() + " (" + (plan.mode() == ScanPlan.Mode.CHANGED_ROWS ? "changed since "
                + plan.changedSince() : "all rows") + incrementBound() + ")";
    }

    @Override
    public String shownPosition(byte[] position) {
        return mapper.shownRowKey(position);
    }

    /** The increment field's lower bound for a log line: a row value, so only when values may be shown. */
    private String incrementBound() {
        if (incrementType == null) {
            return "";
        }
        return ", " + config.incrementField() + (from.isEmpty() ? " from the start"
                : config.includeValues() ? " > '" + from + "'" : " > the run's lower bound (hidden)");
    }

    private static String schemaName(RunOptions config) {
        return "org.pkuse.connect.hbase." + (config.namespace() + "_" + config.table()).replaceAll("[^A-Za-z0-9_]",
                "_");
    }

}
