package org.pkuse.connect.hbase.run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.filter.Filter;
import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.util.Pair;
import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.hbase.mapping.FieldType;
import org.pkuse.connect.hbase.mapping.ResolvedColumn;
import org.pkuse.connect.hbase.mapping.RowMapper;
import org.pkuse.connect.hbase.scan.KeyRange;
import org.pkuse.connect.hbase.scan.ScanPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one run reads: the scan plan (mode, time bounds, pushed-down filters), the region ranges it splits into, the
 * row mapper, and for an incremental run by field that field's type and lower bound.
 */
record RunPlan(ScanPlan plan, List<KeyRange> ranges, RowMapper mapper, FieldType incrementType, Object fromValue) {

    private static final Logger log = LoggerFactory.getLogger(RunPlan.class);
    private static final String BOUND = "The run's lower bound (" + RunOptions.LAST_INCREMENT_VALUE
            + ", or the previous run's next increment value)";

    /**
     * Plans a run reading from {@code from} up to {@code upTo}, after row {@code after} (a resumed run) or from the
     * start of the configured key range.
     */
    static RunPlan of(SourceRun.Setup setup, String from, long upTo, byte[] after) throws Exception {
        RunOptions config = setup.config();
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
                c.field().condition().pushDown(c.family(), c.qualifier(), config.valueEncoding()).ifPresent(pushed::add);
            }
        }
        Filter pushDown = pushed.isEmpty() ? null : pushed.size() == 1 ? pushed.get(0)
                : new FilterList(FilterList.Operator.MUST_PASS_ALL, pushed);
        byte[] start = after != null ? after : config.rowKeyStart().getBytes(StandardCharsets.UTF_8);
        KeyRange range = new KeyRange(start, after != null,
                config.rowKeyStop().getBytes(StandardCharsets.UTF_8));
        ScanPlan plan = new ScanPlan(table, columns, range, mode, changedSince, upTo, pushDown, config.scanCaching());
        List<KeyRange> ranges;
        try (RegionLocator locator = setup.connection().getRegionLocator(table)) {
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
        return new RunPlan(plan, ranges, mapper, incrementType, fromValue);
    }

    /** The increment field's lower bound for a log line: a row value, so only when values may be shown. */
    String incrementBound(RunOptions config, String from) {
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
