package org.pkuse.connect.hbase.run;

import java.io.IOException;
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
        LowerBound bound = LowerBound.of(config, columns, from);
        byte[] start = after != null ? after : config.rowKeyStart().getBytes(StandardCharsets.UTF_8);
        KeyRange range = new KeyRange(start, after != null,
                config.rowKeyStop().getBytes(StandardCharsets.UTF_8));
        ScanPlan plan = new ScanPlan(table, columns, range, bound.mode(), bound.changedSince(), upTo,
                pushDown(columns, config), config.scanCaching());
        List<KeyRange> ranges = regionRanges(connection, table, range);
        if (bound.mode() == ScanPlan.Mode.CHANGED_ROWS && bound.changedSince() >= upTo) {
            // The watermark is at or past the run's upper bound (a clock ahead of this worker's wrote it): nothing
            // can be newer, and HBase would reject the time range. The run is empty and ends as one.
            log.info("Job {}: {} {} is not before the run's upper bound {}: nothing to read",
                    config.jobId(), RunOptions.LAST_INCREMENT_VALUE, bound.changedSince(), upTo);
            ranges = List.of();
        }
        RowMapper mapper = new RowMapper(columns, config.decoder(), config.decoder().withEncoding(
                config.rowKeyEncoding()), schemaName(config), bound.incrementColumn(), bound.fromValue(),
                config.includeValues());
        return new RunPlan(connection, config, from, plan, ranges, mapper, bound.incrementType(), bound.fromValue());
    }

    /**
     * Where an incremental run starts: after a cell time ({@code changedSince}, no increment field) or after an
     * increment field's value; a full run reads all rows.
     */
    private record LowerBound(ScanPlan.Mode mode, long changedSince, int incrementColumn, FieldType incrementType,
                              Object fromValue) {

        private static final LowerBound ALL_ROWS = new LowerBound(ScanPlan.Mode.ALL_ROWS, 0, -1, null, null);

        static LowerBound of(RunOptions config, List<ResolvedColumn> columns, String from) {
            if (!config.incremental()) {
                return ALL_ROWS;
            }
            if (config.incrementField().isEmpty()) {
                if (from.isEmpty()) {
                    return ALL_ROWS;
                }
                // a time, not a row value: always shown
                long changedSince = (Long) IncrementBounds.parse(BOUND, from, null, config.decoder(), true);
                return new LowerBound(ScanPlan.Mode.CHANGED_ROWS, changedSince, -1, null, null);
            }
            int incrementColumn = columnOf(columns, config.incrementField());
            FieldType incrementType = columns.get(incrementColumn).field().type();
            Object fromValue = from.isEmpty() ? null : IncrementBounds.parse(BOUND, from, incrementType,
                    config.decoder(), config.includeValues());
            return new LowerBound(ScanPlan.Mode.ALL_ROWS, 0, incrementColumn, incrementType, fromValue);
        }
    }

    /** The increment field's column: the last one mapped to it by target name, else the first by source name. */
    private static int columnOf(List<ResolvedColumn> columns, String incrementField) {
        int incrementColumn = -1;
        for (int i = 0; i < columns.size(); i++) {
            var f = columns.get(i).field();
            if (f.target().equals(incrementField) || (incrementColumn < 0 && f.source().equals(incrementField))) {
                incrementColumn = i;
            }
        }
        if (incrementColumn < 0) {
            throw new ConnectException(RunOptions.INCREMENT_FIELD + " '" + incrementField + "' names no mapped field");
        }
        return incrementColumn;
    }

    /** The conditions HBase can check itself, as one filter; null when none. */
    private static Filter pushDown(List<ResolvedColumn> columns, RunOptions config) {
        List<Filter> pushed = new ArrayList<>();
        for (ResolvedColumn c : columns) {
            if (c.field().condition() != null && !c.isRowKey()) {
                ConditionFilter.pushDown(c.field().condition(), c.family(), c.qualifier(), config.valueEncoding())
                        .ifPresent(pushed::add);
            }
        }
        return pushed.isEmpty() ? null : pushed.size() == 1 ? pushed.get(0)
                : new FilterList(FilterList.Operator.MUST_PASS_ALL, pushed);
    }

    /** The key range split at the table's region boundaries. */
    private static List<KeyRange> regionRanges(Connection connection, TableName table, KeyRange range)
            throws IOException {
        try (RegionLocator locator = connection.getRegionLocator(table)) {
            Pair<byte[][], byte[][]> keys = locator.getStartEndKeys();
            return range.split(keys.getFirst(), keys.getSecond());
        }
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
