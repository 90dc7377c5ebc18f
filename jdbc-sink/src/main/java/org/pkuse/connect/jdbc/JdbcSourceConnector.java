package org.pkuse.connect.jdbc;

import static org.pkuse.connect.common.config.ConfigErrors.addError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.pkuse.connect.common.source.JobSourceConnector;
import org.pkuse.connect.common.source.SourceRun;
import org.pkuse.connect.jdbc.connection.ConnectionCheck;
import org.pkuse.connect.jdbc.continuous.ContinuousChecks;
import org.pkuse.connect.jdbc.continuous.ContinuousOptions;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DatabaseDialects;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.source.SourceTable;
import org.pkuse.connect.status.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC source connector (job mode): validates the config (keys, cross-field rules, then the database: it answers,
 * the table exists, its key and increment column are there); one task per job, as every source of the bundle
 * ({@link JobSourceConnector}).
 */
public class JdbcSourceConnector extends JobSourceConnector<JdbcSourceConfig> {

    private static final Logger log = LoggerFactory.getLogger(JdbcSourceConnector.class);

    private Map<String, String> props;

    @Override
    public ConfigDef config() {
        return JdbcSourceConfig.CONFIG_DEF;
    }

    @Override
    protected JdbcSourceConfig configure(Map<String, String> props) {
        return new JdbcSourceConfig(props);
    }

    @Override
    protected String unparsableKey() {
        return JdbcSourceConfig.TABLE;
    }

    @Override
    public void start(Map<String, String> props) {
        super.start(props);
        this.props = Map.copyOf(props);
    }

    /**
     * Exactly-once holds where each record's offset is its exact resume point: job mode and every continuous mode
     * but bulk, which has no offsets and reads its tables again after a restart.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        JdbcSourceConfig config;
        try {
            config = new JdbcSourceConfig(connectorConfig);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            return super.exactlyOnceSupport(connectorConfig); // validate() names the bad key
        }
        return config.continuous() && config.mode() == ContinuousOptions.Mode.BULK ? ExactlyOnceSupport.UNSUPPORTED
                : super.exactlyOnceSupport(connectorConfig);
    }

    /** Job mode: one task. Continuous mode: the tables dealt round-robin to up to {@code maxTasks} tasks. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        JdbcSourceConfig config = new JdbcSourceConfig(props);
        if (!config.continuous()) {
            return super.taskConfigs(maxTasks);
        }
        List<String> tables = config.continuousTables();
        int tasks = Math.max(1, Math.min(maxTasks, tables.size()));
        List<Map<String, String>> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            List<String> mine = new ArrayList<>();
            for (int i = t; i < tables.size(); i += tasks) {
                mine.add(tables.get(i));
            }
            Map<String, String> task = new HashMap<>(props);
            task.put(ContinuousOptions.TABLE_WHITELIST, String.join(",", mine));
            task.remove(ContinuousOptions.TABLE_INCLUDE_LIST);
            out.add(task);
        }
        return out;
    }

    @Override
    protected void started(JdbcSourceConfig config) {
        if (config.continuous()) {
            log.info("JDBC source in continuous mode ({}): tables {} at {}, every {} ms", config.modeText(),
                    config.continuousTables(), Redactor.redact(config.connectionUrl()),
                    config.pollInterval().toMillis());
            return;
        }
        log.info("JDBC source for job {}: table {} at {} -> topic {}, {} sync{}", config.jobId(),
                config.qualifiedTable(), Redactor.redact(config.connectionUrl()), config.topic(),
                config.incremental() ? "incremental on " + config.incrementField() : "full",
                config.scheduled() ? ", scheduled (run n is job " + SourceRun.runTaskId(config, 1)
                        .replaceAll("1$", "n") + ")" : "");
        Map<String, Object> shown = new HashMap<>(config.values());
        if (!config.includeValues()) {
            shown.remove(JdbcSourceConfig.LAST_INCREMENT_VALUE); // a row value
        }
        log.info("JDBC source config: {}", Redactor.describe(shown));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSourceTask.class;
    }

    @Override
    protected void validateParsed(JdbcSourceConfig config, Map<String, ConfigValue> values) {
        if (crossCheck(config, values)) {
            ConnectionCheck.run(config, values, (conn, v) -> checkTable(config, conn, v));
        }
    }

    /** Checks between keys; every message goes on each key involved. */
    static boolean crossCheck(JdbcSourceConfig config, Map<String, ConfigValue> values) {
        if (config.continuous()) {
            return ContinuousChecks.check(config, values);
        }
        boolean ok = true;
        boolean table = !config.getString(JdbcSourceConfig.TABLE).isBlank();
        if (table == (config.query() != null)) {
            String msg = table ? "name either a table (" + JdbcSourceConfig.TABLE + ") or a query ("
                    + ContinuousOptions.QUERY + "), not both"
                    : JdbcSourceConfig.TABLE + " (or " + ContinuousOptions.QUERY + ") is required with "
                    + JdbcSourceConfig.TASK_ID + " (a platform job): the table to read";
            addError(values, JdbcSourceConfig.TABLE, msg);
            if (table) {
                addError(values, ContinuousOptions.QUERY, msg);
            }
            return false;
        }
        if (config.query() != null && config.keyColumns().isEmpty()) {
            addError(values, JdbcSourceConfig.KEY_COLUMNS, "A query has no primary key: name the columns that "
                    + "identify a row, which its rows are read in order of (a restarted task resumes after the last "
                    + "one sent)");
            return false;
        }
        if (config.query() != null && config.topicPrefix().isEmpty()) {
            addError(values, JdbcSourceConfig.TOPIC_PREFIX, "With " + ContinuousOptions.QUERY + ", "
                    + JdbcSourceConfig.TOPIC_PREFIX + " is the whole topic name: it must not be empty");
            return false;
        }
        if (config.incremental() && config.incrementField().isEmpty()) {
            String msg = JdbcSourceConfig.SYNC_TYPE + "=2 (incremental) needs " + JdbcSourceConfig.INCREMENT_FIELD
                    + ": the column whose value marks new rows";
            addError(values, JdbcSourceConfig.SYNC_TYPE, msg);
            addError(values, JdbcSourceConfig.INCREMENT_FIELD, msg);
            ok = false;
        }
        if (config.scheduleMaxRuns() > 0 && !config.scheduled()) {
            addError(values, JdbcSourceConfig.SCHEDULE_MAX_RUNS, JdbcSourceConfig.SCHEDULE_MAX_RUNS
                    + " needs a schedule (" + JdbcSourceConfig.SCHEDULE_INTERVAL_MS + " or "
                    + JdbcSourceConfig.SCHEDULE_CRON + ")");
            ok = false;
        }
        return ok;
    }

    /** The table, its key and its increment column, as the task will resolve them. */
    private static void checkTable(JdbcSourceConfig config, java.sql.Connection conn, Map<String, ConfigValue> values)
            throws java.sql.SQLException {
        DatabaseDialect dialect = DatabaseDialects.resolve(config.dialectName(), config.connectionUrl(),
                ServerInfo.of(conn.getMetaData()));
        if (config.continuous()) {
            ContinuousChecks.checkTables(config, conn, dialect, values);
            return;
        }
        if (config.readRanges() > 1 && config.query() != null && !dialect.sharesSnapshotsOfQueries()) {
            addError(values, JdbcSourceConfig.READ_RANGES, JdbcSourceConfig.READ_RANGES + " > 1 with a query needs "
                    + "a database that shares one snapshot between connections (PostgreSQL); " + dialect.name()
                    + " shares one only for a table (pkuse.jdbc.table.name): use 1");
        } else if (config.readRanges() > 1 && !dialect.sharesSnapshots()) {
            addError(values, JdbcSourceConfig.READ_RANGES, JdbcSourceConfig.READ_RANGES + " > 1 needs a database "
                    + "that shares one snapshot between connections; " + dialect.name() + " cannot: use 1");
        }
        try {
            String increment = config.incremental() ? config.incrementColumns() : "";
            SourceTable source = config.query() != null
                    ? SourceTable.resolveQuery(conn, dialect, config.query(), config.keyColumns(), increment, true)
                    : SourceTable.resolve(conn, dialect, TableId.parse(config.qualifiedTable()), config.keyColumns(),
                    increment);
            source.withMapping(config.mappings(), config.zone());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String key = message.startsWith(JdbcSourceConfig.MAPPING) ? JdbcSourceConfig.MAPPING
                    : message.startsWith("The query cannot") ? ContinuousOptions.QUERY
                    : message.contains("increment column") ? JdbcSourceConfig.INCREMENT_FIELD
                    : message.contains("key column") || message.contains("primary key") ? JdbcSourceConfig.KEY_COLUMNS
                    : JdbcSourceConfig.TABLE;
            addError(values, key, message);
        }
    }
}
