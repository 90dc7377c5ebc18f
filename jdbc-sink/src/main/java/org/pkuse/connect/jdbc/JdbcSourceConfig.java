package org.pkuse.connect.jdbc;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.pkuse.connect.common.config.ConfigDocs;
import org.pkuse.connect.common.config.TimeZoneValidator;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.source.SourceJobConfig;
import org.pkuse.connect.jdbc.connection.ConnectionOptions;
import org.pkuse.connect.jdbc.connection.ConnectionSettings;
import org.pkuse.connect.jdbc.continuous.ContinuousOptions;
import org.pkuse.connect.jdbc.continuous.ContinuousOptions.Mode;
import org.pkuse.connect.jdbc.dialect.InstalledDialects;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.source.SqlLiterals;
import org.pkuse.connect.status.StatusConfig;

/**
 * The JDBC source's configuration (job mode: one table read as bounded runs with the job headers and status
 * events). The platform's keys keep their spelling; the connection keys are the JDBC sink's.
 */
public class JdbcSourceConfig extends SourceJobConfig implements ConnectionSettings {

    public static final String CONNECTION_GROUP = "Connection";
    public static final String TABLE_GROUP = "Table";
    public static final String JOB_GROUP = "Job";
    public static final String KAFKA_GROUP = "Kafka";
    public static final String SCHEDULE_GROUP = "Schedule";
    public static final String ERRORS_GROUP = "Errors";
    public static final String PLATFORM_GROUP = "Platform (accepted, not used)";
    public static final String CONTINUOUS_GROUP = "Continuous mode (no pkuse.task.id)";

    public static final String TABLE = "pkuse.jdbc.table.name";
    public static final String KEY_COLUMNS = "pkuse.jdbc.key.columns";
    public static final String MAPPING = "pkuse.jdbc.filed.mapping";
    public static final String FETCH_SIZE = "pkuse.jdbc.fetch.size";
    public static final String DB_TIMEZONE = "db.timezone";
    public static final String INFLIGHT_WAIT_MS = "pkuse.jdbc.inflight.wait.ms";
    public static final String TIMESTAMP_DELAY_MS = "pkuse.jdbc.timestamp.delay.ms";
    public static final String READ_RANGES = "pkuse.jdbc.read.ranges";

    public static final ConfigDef CONFIG_DEF = configDef();

    public JdbcSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    /** Empty, or table names each of the form table or database.table (a list: each of its items). */
    public static final class TableNames implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> names = value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
            for (Object item : names) {
                String table = String.valueOf(item).trim();
                long dots = table.chars().filter(c -> c == '.').count();
                if (dots > 1 || table.startsWith(".") || table.endsWith(".")) {
                    throw new ConfigException(name, table, "must be table or database.table (schema.table on "
                            + "PostgreSQL)");
                }
            }
        }

        @Override
        public String toString() {
            return "table or database.table (schema.table on PostgreSQL)";
        }
    }

    /** The options reference, {@code docs/source-configuration.md}. */
    public static ConfigDocs docs() {
        return new ConfigDocs("JDBC source connector: configuration reference", JdbcSourceConfig.class, CONFIG_DEF,
                "Besides these keys the connector reads Connect's `" + ERRORS_TOLERANCE + "` (`none` or `all`).");
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        ConnectionOptions.define(def, CONNECTION_GROUP, "JDBC URL of the source database: jdbc:mysql://, "
                + "jdbc:mariadb:// or jdbc:postgresql://, with the database (MySQL) that a table name without one "
                + "is in. A jdbc:mysql: URL may reach MariaDB.", 2);

        int o = 0;
        def.define(TABLE, Type.STRING, "", new TableNames(), Importance.HIGH,
                "The table to read: table, or database.table (schema.table on PostgreSQL). Required with "
                        + TASK_ID + " (job mode).",
                TABLE_GROUP, ++o, Width.MEDIUM, "Table");
        def.define(KEY_COLUMNS, Type.LIST, "", Importance.MEDIUM,
                "The columns that identify a row, read in their order (comma-separated). Empty: the table's primary "
                        + "key. A run reads its rows in this order, and a restarted task resumes after the last row "
                        + "it sent.",
                TABLE_GROUP, ++o, Width.MEDIUM, "Key columns");
        def.define(MAPPING, Type.STRING, "", new MappingValidator(), Importance.MEDIUM,
                "The platform's field mapping JSON: one object per record field, sourceFiled (the column), "
                        + "targetFiled (the field), fieldType (" + FieldType.ACCEPTED + "), ispk (\"1\": a field of "
                        + "the record key), limitcondition (a filter the database applies: = v, != v, > v, >= v, < v, "
                        + "<= v, IN (..), NOT IN (..), LIKE 'x%', IS [NOT] NULL; its fieldType of the column's kind), "
                        + "maprule (trim, upper, lower, mask, mask(n,m), map(a:b,..), default(v), chained with |). "
                        + "Empty: every column, under its own name, typed from the table's metadata.",
                TABLE_GROUP, ++o, Width.LONG, "Field mapping");
        def.define(FETCH_SIZE, Type.INT, 1000, Range.between(1, 100_000), Importance.LOW,
                "Rows the driver fetches per round trip; the result set streams, so memory holds about this many "
                        + "rows (the MySQL driver streams row by row instead).",
                TABLE_GROUP, ++o, Width.SHORT, "Fetch size");
        def.define(DB_TIMEZONE, Type.STRING, "UTC", new TimeZoneValidator(), Importance.LOW,
                "Time zone of DATETIME/TIMESTAMP values stored without one (as the JDBC sink's db.timezone), and of "
                        + "the schedule's cron times.",
                TABLE_GROUP, ++o, Width.SHORT, "Database time zone");
        def.define(INFLIGHT_WAIT_MS, Type.LONG, 60_000L, Range.atLeast(0L), Importance.LOW,
                "An incremental run reads up to the increment column's greatest committed value at its start. A "
                        + "transaction still open then may have written a row below that value, which it commits "
                        + "later: the run waits up to this long for such transactions to end (MySQL/MariaDB: every "
                        + "open transaction that modified rows, listed from INNODB_TRX, which takes the PROCESS "
                        + "privilege; PostgreSQL: every open transaction holding a transaction id) before it takes "
                        + "its snapshot, and fails visibly if they have not. 0: no wait (such rows may be missed).",
                TABLE_GROUP, ++o, Width.SHORT, "Wait for open writers (ms)");
        def.define(TIMESTAMP_DELAY_MS, Type.LONG, 5_000L, Range.atLeast(0L), Importance.LOW,
                "An incremental run on a timestamp column (DATETIME/TIMESTAMP) reads up to the database server's "
                        + "clock minus this delay, not up to the column's greatest value: an application that sets "
                        + "the timestamp itself and commits a moment later writes a value already passed; with the "
                        + "delay, the next run reads it. Raise it to the longest time between setting a row's "
                        + "timestamp and committing it.",
                TABLE_GROUP, ++o, Width.SHORT, "Timestamp delay (ms)");
        def.define(READ_RANGES, Type.INT, 1, Range.between(1, 16), Importance.LOW,
                "Read a run in this many key ranges at once, each on its own connection, all in the run's one "
                        + "snapshot, handed out in key order so that the numbering stays 1..N. Needs a key of one "
                        + "integer column (else one reader is used). The pool grows to this many connections plus "
                        + "one. PostgreSQL: the run's transaction exports its snapshot and the others import it. "
                        + "MySQL/MariaDB: the readers begin while a further session holds LOCK TABLES <table> READ "
                        + "(writers of the table wait those milliseconds; the user needs the LOCK TABLES "
                        + "privilege, else, or when a transaction that wrote the table stays open longer than "
                        + "pkuse.jdbc.inflight.wait.ms, the run is read in one stream); not for a query.",
                TABLE_GROUP, ++o, Width.SHORT, "Parallel key ranges");
        defineIdlePoll(def, TABLE_GROUP, o);

        defineJob(def, JOB_GROUP, 0,
                "For incremental sync: the column whose value marks new rows (an increasing id, or a timestamp); "
                        + "a run reads the rows whose value is above " + LAST_INCREMENT_VALUE + " and at most the "
                        + "column's greatest value when the run starts (a timestamp column: the server's clock minus "
                        + TIMESTAMP_DELAY_MS + ").",
                "Where the previous run stopped; empty: from the beginning. The end event carries the value for the "
                        + "next run.",
                "Empty: continuous mode, configured as Confluent's JDBC source (group 'Continuous mode'): each table "
                        + "polled for ever, records without job headers, no status events.");
        defineKafka(def, KAFKA_GROUP, 0, "Prefix of the data topic; the topic is <prefix><database>_<table> "
                + "(<prefix><schema>_<table> on PostgreSQL).");
        defineSchedule(def, SCHEDULE_GROUP, 0, DB_TIMEZONE);
        defineErrors(def, ERRORS_GROUP, 0,
                "Include row values (column values, key values, increment bounds) in error messages, status events "
                        + "and logs. Off by default because rows may hold personal data.");
        definePlatform(def, PLATFORM_GROUP, 0);
        ContinuousOptions.define(def, CONTINUOUS_GROUP, 0);
        return StatusConfig.update(def);
    }

    @Override
    public boolean errorsIncludeValues() {
        return includeValues();
    }

    // ---- table ----

    /** The job's table, qualified ({@link #qualify}); "query" for a job that reads a query. */
    @Override
    public String qualifiedTable() {
        return query() != null ? org.pkuse.connect.jdbc.source.SourceTable.QUERY.name() : qualify(getString(TABLE).trim());
    }

    /** The custom SELECT read instead of a table, or null. */
    public String query() {
        String q = getString(ContinuousOptions.QUERY).trim();
        return q.isEmpty() ? null : q;
    }

    /**
     * The table qualified with the database or schema that the URL's provider reads from it
     * ({@link org.pkuse.connect.jdbc.dialect.DialectProvider#defaultQualifier}), when its name has none.
     */
    public String qualify(String table) {
        TableId t = TableId.parse(table);
        if (t.qualifier() != null) {
            return t.toString();
        }
        String qualifier = defaultQualifier();
        return qualifier.isEmpty() ? t.name() : qualifier + "." + t.name();
    }

    // ---- continuous mode ----

    /** No job id: continuous mode, with Confluent's keys. */
    public boolean continuous() {
        return jobId().isEmpty();
    }

    /** The mode; null when not set. */
    public Mode mode() {
        String m = getString(ContinuousOptions.MODE).trim();
        return m.isEmpty() ? null : Mode.of(m);
    }

    public String modeText() {
        return getString(ContinuousOptions.MODE).trim();
    }

    /** The tables of continuous mode: the whitelist and the include list, in order, each once. */
    public List<String> continuousTables() {
        LinkedHashSet<String> tables = new LinkedHashSet<>();
        for (String key : List.of(ContinuousOptions.TABLE_WHITELIST, ContinuousOptions.TABLE_INCLUDE_LIST)) {
            getList(key).stream().map(String::trim).filter(t -> !t.isEmpty()).forEach(tables::add);
        }
        return List.copyOf(tables);
    }

    public String incrementingColumn() {
        return getString(ContinuousOptions.INCREMENTING_COLUMN).trim();
    }

    public List<String> timestampColumns() {
        return getList(ContinuousOptions.TIMESTAMP_COLUMN).stream().map(String::trim).filter(c -> !c.isEmpty())
                .toList();
    }

    /** Continuous mode's topic of a table: the prefix and the table's name without its database. */
    public String continuousTopic(String table) {
        return getString(ContinuousOptions.TOPIC_PREFIX).trim() + TableId.parse(table).name();
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getInt(ContinuousOptions.POLL_INTERVAL_MS));
    }

    public int batchMaxRows() {
        return getInt(ContinuousOptions.BATCH_MAX_ROWS);
    }

    public Duration continuousTimestampDelay() {
        return Duration.ofMillis(getLong(ContinuousOptions.TIMESTAMP_DELAY_MS));
    }

    private String defaultQualifier() {
        String url = connectionUrl();
        URI uri;
        try {
            uri = URI.create(url.substring(url.indexOf(':') + 1));
        } catch (IllegalArgumentException e) {
            return ""; // a URL form the database's driver reads but URI does not: the table names its database
        }
        // connection.url's validator took only URLs of an installed provider
        return InstalledDialects.get().forUrl(url).map(p -> p.defaultQualifier(uri)).orElse("");
    }

    /** {@code <prefix><database>_<table>}; for a query, the prefix is the whole topic name (as Confluent's is). */
    @Override
    public String topic() {
        return query() != null ? topicPrefix() : topicPrefix() + qualifiedTable().replace('.', '_');
    }

    /** The increment column(s) as the table names them: a mapped field's target name stands for its column. */
    public String incrementColumns() {
        FieldMappings m = mappings();
        return Arrays.stream(incrementField().split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .map(n -> m == null ? n : m.byTarget(n).map(f -> f.source()).orElse(n))
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** The parsed mapping, or null when empty. */
    public FieldMappings mappings() {
        String json = getString(MAPPING);
        return json == null || json.isBlank() ? null
                : FieldMappings.parse(json, SqlLiterals.parser(zone()), SqlLiterals.COLUMNS);
    }

    public List<String> keyColumns() {
        return getList(KEY_COLUMNS).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public int fetchSize() {
        return getInt(FETCH_SIZE);
    }

    public Duration timestampDelay() {
        return Duration.ofMillis(getLong(TIMESTAMP_DELAY_MS));
    }

    public int readRanges() {
        return getInt(READ_RANGES);
    }

    /** Every reader of a run takes a connection, and the run's bound one more. */
    @Override
    public int poolSize() {
        return Math.max(ConnectionSettings.super.poolSize(), readRanges() + 1);
    }

    public Duration inflightWait() {
        return Duration.ofMillis(getLong(INFLIGHT_WAIT_MS));
    }

    @Override
    public ZoneId zone() {
        return ZoneId.of(getString(DB_TIMEZONE).trim());
    }

    @Override
    public List<String> jobDefinition() {
        return List.of(jobId(), qualifiedTable() + (query() == null ? "" : ":" + query()), getString(SYNC_TYPE), incrementField(), lastIncrementValue(),
                String.join(",", keyColumns()), scheduleCron(), Long.toString(scheduleInterval().toMillis()),
                getString(MAPPING).trim());
    }

    /** The platform's mapping JSON: parsed as the task will (names, types, conditions, rules), or refused. */
    static final class MappingValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !((String) value).isBlank()) {
                try {
                    FieldMappings.parse((String) value, SqlLiterals.parser(ZoneId.of("UTC")), SqlLiterals.COLUMNS);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name + " " + e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "empty, or a JSON array of field objects (see description)";
        }
    }
}
