package org.pkuse.connect.hbase;

import static org.pkuse.connect.common.config.ConfigErrors.addError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.pkuse.connect.common.mapping.FieldMapping;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.source.JobSourceConnector;
import org.pkuse.connect.common.source.SourceRun;
import org.pkuse.connect.hbase.run.IncrementBounds;
import org.pkuse.connect.hbase.scan.ColumnResolver;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.status.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one HBase table into one topic as one job. The work is a single task (exact, gap-free numbering of a run
 * needs one emitter); parallelism lives inside it, one scan per region.
 */
public class HBaseSourceConnector extends JobSourceConnector<HBaseSourceConfig> {

    private static final Logger log = LoggerFactory.getLogger(HBaseSourceConnector.class);

    @Override
    public ConfigDef config() {
        return HBaseSourceConfig.CONFIG_DEF;
    }

    @Override
    protected HBaseSourceConfig configure(Map<String, String> props) {
        return new HBaseSourceConfig(props);
    }

    @Override
    protected String unparsableKey() {
        return HBaseSourceConfig.MAPPING;
    }

    @Override
    protected void started(HBaseSourceConfig config) {
        log.info("HBase source for job {}: table {} at {}:{} -> topic {}, {} sync{}", config.jobId(),
                config.qualifiedTable(), config.zkQuorum(), config.zkPort(), config.topic(),
                config.incremental() ? "incremental" : "full",
                config.scheduled() ? ", scheduled (run n is job " + SourceRun.runTaskId(config, 1)
                        .replaceAll("1$", "n") + ")" : "");
        Map<String, Object> shown = new HashMap<>(config.values());
        if (!config.includeValues()) {
            // Row-key bounds, the watermark and the mapping's filter literals are row data.
            List.of(HBaseSourceConfig.ROWKEY_START, HBaseSourceConfig.ROWKEY_STOP,
                    HBaseSourceConfig.LAST_INCREMENT_VALUE, HBaseSourceConfig.MAPPING).forEach(shown::remove);
        }
        log.info("HBase source config: {}", Redactor.describe(shown));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HBaseSourceTask.class;
    }

    @Override
    protected void validateParsed(HBaseSourceConfig config, Map<String, ConfigValue> values) {
        if (crossCheck(config, values)) {
            checkCluster(config, values);
        }
    }

    /** Checks between keys; every message goes on each key involved. */
    static boolean crossCheck(HBaseSourceConfig config, Map<String, ConfigValue> values) {
        boolean ok = true;
        FieldMappings mappings = config.mappings();
        String key = config.columnsKey();
        if (!key.isEmpty() && mappings.byTarget(key).isEmpty()) {
            String msg = HBaseSourceConfig.COLUMNS_KEY + " '" + key + "' names no " + FieldMappings.TARGET + " of "
                    + HBaseSourceConfig.MAPPING;
            addError(values, HBaseSourceConfig.COLUMNS_KEY, msg);
            ok = false;
        }
        if (mappings.fields().stream().allMatch(f -> f.target().equals(key))) {
            addError(values, HBaseSourceConfig.MAPPING, HBaseSourceConfig.MAPPING + " maps no HBase column (only the "
                    + "row key)");
            ok = false;
        }
        ok &= checkIncrement(config, mappings, values);
        String start = config.rowKeyStart();
        String stop = config.rowKeyStop();
        if (!start.isEmpty() && !stop.isEmpty() && start.compareTo(stop) >= 0) {
            String msg = "row-key range is empty: " + HBaseSourceConfig.ROWKEY_START + " '" + start + "' is not before "
                    + HBaseSourceConfig.ROWKEY_STOP + " '" + stop + "'";
            addError(values, HBaseSourceConfig.ROWKEY_START, msg);
            addError(values, HBaseSourceConfig.ROWKEY_STOP, msg);
            ok = false;
        }
        if (config.scheduleMaxRuns() > 0 && !config.scheduled()) {
            addError(values, HBaseSourceConfig.SCHEDULE_MAX_RUNS, HBaseSourceConfig.SCHEDULE_MAX_RUNS + " needs a "
                    + "schedule (" + HBaseSourceConfig.SCHEDULE_INTERVAL_MS + " or " + HBaseSourceConfig.SCHEDULE_CRON
                    + ")");
            ok = false;
        }
        return ok;
    }

    /** {@code pkuse.incrementreadfields} names an ordered mapped field, and the last value parses as its type. */
    private static boolean checkIncrement(HBaseSourceConfig config, FieldMappings mappings,
                                          Map<String, ConfigValue> values) {
        String field = config.incrementField();
        String last = config.lastIncrementValue();
        if (!field.isEmpty()) {
            Optional<FieldMapping> f = mappings.byTargetOrSource(field);
            if (f.isEmpty()) {
                String msg = HBaseSourceConfig.INCREMENT_FIELD + " '" + field + "' names no field of "
                        + HBaseSourceConfig.MAPPING;
                addError(values, HBaseSourceConfig.INCREMENT_FIELD, msg);
                return false;
            } else if (f.get().type().kind() == FieldType.Kind.BYTES || f.get().type().kind() == FieldType.Kind.BOOLEAN) {
                addError(values, HBaseSourceConfig.INCREMENT_FIELD, HBaseSourceConfig.INCREMENT_FIELD + " '" + field
                        + "' is a " + f.get().type() + " field; an increment field must be ordered");
                return false;
            } else if (!last.isEmpty()) {
                try {
                    config.decoder().parse(last, f.get().type());
                } catch (Exception e) {
                    String msg = HBaseSourceConfig.LAST_INCREMENT_VALUE + " '" + last + "' " + e.getMessage()
                            + " (the type of " + HBaseSourceConfig.INCREMENT_FIELD + " '" + field + "')";
                    addError(values, HBaseSourceConfig.LAST_INCREMENT_VALUE, msg);
                    addError(values, HBaseSourceConfig.INCREMENT_FIELD, msg);
                    return false;
                }
            }
        } else if (!last.isEmpty() && config.incremental()) {
            try {
                IncrementBounds.parseTimestamp(last, config.decoder());
            } catch (Exception e) {
                addError(values, HBaseSourceConfig.LAST_INCREMENT_VALUE, HBaseSourceConfig.LAST_INCREMENT_VALUE + " '"
                        + last + "' is not epoch milliseconds or a datetime ("
                        + HBaseSourceConfig.DATETIME_FORMAT + "); with " + HBaseSourceConfig.INCREMENT_FIELD
                        + " empty it is a cell timestamp");
                return false;
            }
        }
        return true;
    }

    /** Within the validation timeout: ZooKeeper and HBase answer, the table exists, every column resolves. */
    static void checkCluster(HBaseSourceConfig config, Map<String, ConfigValue> values) {
        Duration timeout = config.validateTimeout();
        ValidateAnswer.checkCluster("pkuse-hbase-validate", config.zkQuorum(), config.zkPort(), timeout,
                where -> clusterProblems(config, timeout, where), values);
    }

    /** The table and the mapped columns, as {key, message} pairs. */
    private static List<String[]> clusterProblems(HBaseSourceConfig config, Duration timeout, String where)
            throws Exception {
        List<String[]> problems = new ArrayList<>();
        try (Connection connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(
                config.zkQuorum(), config.zkPort(), config.clientOverrides(), timeout.dividedBy(2)))) {
            TableName table = TableName.valueOf(config.qualifiedTable());
            try (Admin admin = connection.getAdmin()) {
                if (!admin.tableExists(table)) {
                    problems.add(new String[] {HBaseSourceConfig.TABLE, HBaseSourceConfig.TABLE + ": table '"
                            + config.qualifiedTable()
                            + "' does not exist in the HBase cluster at " + where});
                    return problems;
                }
            }
            try {
                ColumnResolver.resolve(connection, table, config.mappings(), config.columnsKey(), true);
            } catch (ColumnResolver.UnresolvedColumnsException e) {
                for (String p : e.problems()) {
                    problems.add(new String[] {HBaseSourceConfig.MAPPING, HBaseSourceConfig.MAPPING + p});
                }
            }
        }
        return problems;
    }
}
