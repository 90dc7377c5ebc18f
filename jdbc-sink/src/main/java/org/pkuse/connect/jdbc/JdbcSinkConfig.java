package org.pkuse.connect.jdbc;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.pkuse.connect.common.config.ConfigDocs;
import org.pkuse.connect.common.config.TimeZoneValidator;
import org.pkuse.connect.jdbc.connection.ConnectionOptions;
import org.pkuse.connect.jdbc.connection.ConnectionSettings;
import org.pkuse.connect.status.StatusConfig;

/**
 * The JDBC sink's configuration, parsed once into typed getters. Keys of the field's seed contract (section 4) keep
 * their spelling; the others follow the names Kafka users know from the JDBC sink connectors.
 */
public class JdbcSinkConfig extends AbstractConfig implements ConnectionSettings {

    public static final String CONNECTION_GROUP = "Connection";
    public static final String WRITES_GROUP = "Writes";
    public static final String DDL_GROUP = "Table creation and evolution";
    public static final String JOB_GROUP = "Jobs";
    public static final String RETRY_GROUP = "Retries";

    public static final String CONNECTION_URL = ConnectionOptions.CONNECTION_URL;
    public static final String CONNECTION_USER = ConnectionOptions.CONNECTION_USER;
    public static final String CONNECTION_PASSWORD = ConnectionOptions.CONNECTION_PASSWORD;
    public static final String CONNECTION_POOL_SIZE = ConnectionOptions.CONNECTION_POOL_SIZE;
    public static final String CONNECTION_TIMEOUT_MS = ConnectionOptions.CONNECTION_TIMEOUT_MS;
    public static final String DIALECT_NAME = ConnectionOptions.DIALECT_NAME;

    public static final String TABLE_NAME_FORMAT = "table.name.format";
    public static final String INSERT_MODE = "insert.mode";
    public static final String PK_MODE = "pk.mode";
    public static final String PK_FIELDS = "pk.fields";
    public static final String FIELDS_WHITELIST = "fields.whitelist";
    public static final String DELETE_ENABLED = "delete.enabled";
    public static final String BATCH_SIZE = "batch.size";
    public static final String FLUSH_INTERVAL_MS = "flush.interval.ms";
    public static final String DB_TIMEZONE = "db.timezone";
    public static final String WRITE_MODE = "write.mode";

    public static final String AUTO_CREATE = "auto.create";
    public static final String AUTO_EVOLVE = "auto.evolve";
    public static final String KEY_VARCHAR_LENGTH = "table.key.varchar.length";
    public static final String DECIMAL_DEFAULT_PRECISION = "decimal.default.precision";

    public static final String JOB_TASK_ID = "pkuse.task.id";
    public static final String OFFSETS_TABLE = "pkuse.offsets.table.name";
    public static final String JOBS_TABLE = "pkuse.jobs.table.name";
    public static final String EVENTS_TABLE = "pkuse.events.table.name";
    public static final String JOB_INCOMPLETE_TIMEOUT = "pkuse.job.incomplete.timeout.ms";

    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String ERRORS_GROUP = "Errors";
    public static final String ERRORS_INCLUDE_VALUES = "pkuse.errors.include.values";

    public enum InsertMode { INSERT, UPSERT, UPDATE }

    public enum PrimaryKeyMode { NONE, KAFKA, RECORD_KEY, RECORD_VALUE }

    /** {@code write.mode}: 1 appends the job's rows to the table, 2 replaces the table's content with them. */
    public enum WriteMode {
        APPEND("1"), OVERWRITE("2");

        private final String code;

        WriteMode(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static WriteMode of(String code) {
            for (WriteMode m : values()) {
                if (m.code.equals(code.trim())) {
                    return m;
                }
            }
            throw new ConfigException(WRITE_MODE, code, "must be 1 (append) or 2 (overwrite)");
        }
    }

    public static final ConfigDef CONFIG_DEF = configDef();

    /** The options reference, {@code docs/configuration.md}. */
    public static ConfigDocs docs() {
        return new ConfigDocs("JDBC sink connector: configuration reference", JdbcSinkConfig.class, CONFIG_DEF);
    }

    public JdbcSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false); // no value dump: the URL or passthrough keys may hold secrets
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        ConnectionOptions.define(def, CONNECTION_GROUP, "JDBC URL of the target database: jdbc:mysql://, "
                + "jdbc:mariadb:// or jdbc:postgresql://. rewriteBatchedStatements=true and "
                + "useLocalSessionState=true (jdbc:mysql:) or reWriteBatchedInserts=true (jdbc:postgresql:) are added "
                + "unless the URL sets them. A jdbc:mysql: URL "
                + "may reach MariaDB.", 3);

        int order = 0;
        def.define(TABLE_NAME_FORMAT, Type.STRING, "${topic}", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                "Target table: table or database.table (schema.table on PostgreSQL), where only a dot written "
                        + "in the format separates the database or schema from the table. ${topic} is replaced by "
                        + "the record's topic inside one name, so dots in the topic stay in the table name (topic "
                        + "a.b goes to table a.b, and with test03.${topic} to table a.b in test03). Names are always "
                        + "quoted and kept exactly as written; a name longer than the database allows (MySQL/MariaDB "
                        + "64 characters, PostgreSQL 63 bytes in UTF-8) is an error, not truncated.",
                WRITES_GROUP, ++order, Width.LONG, "Table name format");
        def.define(INSERT_MODE, Type.STRING, "insert", ConfigDef.CaseInsensitiveValidString.in("insert", "upsert",
                        "update"), Importance.HIGH,
                "insert: plain INSERT; upsert: insert or update by primary key (ON DUPLICATE KEY UPDATE / ON "
                        + "CONFLICT DO UPDATE); update: UPDATE by primary key.",
                WRITES_GROUP, ++order, Width.SHORT, "Insert mode");
        def.define(PK_MODE, Type.STRING, "none", ConfigDef.CaseInsensitiveValidString.in("none", "kafka",
                        "record_key", "record_value"), Importance.HIGH,
                "Where the primary key comes from. none: no key; kafka: topic, partition and offset; record_key: "
                        + "the record key (a primitive or a struct); record_value: fields of the value.",
                WRITES_GROUP, ++order, Width.SHORT, "Primary key mode");
        def.define(PK_FIELDS, Type.LIST, "", Importance.MEDIUM,
                "Primary key field names. kafka: three names for topic, partition, offset (default "
                        + "__connect_topic,__connect_partition,__connect_offset); record_key: the key column for "
                        + "a primitive key (default __connect_key) or the key struct's fields (default all); "
                        + "record_value: the value's key fields (default all).",
                WRITES_GROUP, ++order, Width.LONG, "Primary key fields");
        def.define(FIELDS_WHITELIST, Type.LIST, "", Importance.MEDIUM,
                "Value fields to write; empty writes all. Primary key fields are always written.",
                WRITES_GROUP, ++order, Width.LONG, "Fields to write");
        def.define(DELETE_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                "A tombstone (null value) deletes the row with its key; needs pk.mode=record_key. When false, "
                        + "tombstones are skipped.",
                WRITES_GROUP, ++order, Width.SHORT, "Delete on tombstone");
        def.define(BATCH_SIZE, Type.INT, 3000, Range.between(1, 1_000_000), Importance.MEDIUM,
                "Records buffered (across put() calls) before they are written in one transaction.",
                WRITES_GROUP, ++order, Width.SHORT, "Batch size");
        def.define(FLUSH_INTERVAL_MS, Type.LONG, 1000L, Range.atLeast(0), Importance.LOW,
                "Longest time a buffered record waits before it is written, when batch.size is not reached.",
                WRITES_GROUP, ++order, Width.SHORT, "Flush interval (ms)");
        def.define(DB_TIMEZONE, Type.STRING, "UTC", new TimeZoneValidator(), Importance.LOW,
                "Time zone in which DATE, TIME and TIMESTAMP values are written.",
                WRITES_GROUP, ++order, Width.SHORT, "Database time zone");
        def.define(WRITE_MODE, Type.STRING, "1", ConfigDef.ValidString.in("1", "2"), Importance.HIGH,
                "1 append: the job's rows are written into the table as it is. 2 overwrite: the job's rows go to "
                        + "a staging table that replaces the target atomically when the job ends.",
                WRITES_GROUP, ++order, Width.SHORT, "Write mode");

        order = 0;
        def.define(AUTO_CREATE, Type.BOOLEAN, false, Importance.MEDIUM,
                "Create a missing table from the record schema (CREATE TABLE IF NOT EXISTS).",
                DDL_GROUP, ++order, Width.SHORT, "Auto-create");
        def.define(AUTO_EVOLVE, Type.BOOLEAN, false, Importance.MEDIUM,
                "Add missing columns (nullable) when records carry new fields.",
                DDL_GROUP, ++order, Width.SHORT, "Auto-evolve");
        def.define(KEY_VARCHAR_LENGTH, Type.INT, 255, Range.between(1, 16383), Importance.LOW,
                "Length n of VARCHAR(n) for string key columns created by auto.create (never TEXT in a key).",
                DDL_GROUP, ++order, Width.SHORT, "Key VARCHAR length");
        def.define(DECIMAL_DEFAULT_PRECISION, Type.INT, 38, Range.between(1, 65), Importance.LOW,
                "Precision of DECIMAL(p,s) columns when the record's schema does not state one.",
                DDL_GROUP, ++order, Width.SHORT, "Default decimal precision");

        order = 0;
        def.define(JOB_TASK_ID, Type.STRING, "", Importance.HIGH,
                "The job this sink serves: only records whose taskId header equals it, or is one of its periodic "
                        + "runs (<id>-<suffix>), are written and counted; records of other jobs are skipped; "
                        + "records without job headers are written. Empty: every job.",
                JOB_GROUP, ++order, Width.MEDIUM, "Job id");
        def.define(OFFSETS_TABLE, Type.STRING, "pkuse_connect_offsets", new ConfigDef.NonEmptyString(),
                Importance.LOW,
                "Control table (in the connection's database) with the committed Kafka offset of each "
                        + "topic-partition, updated in the same transaction as the rows.",
                JOB_GROUP, ++order, Width.MEDIUM, "Offsets table");
        def.define(JOBS_TABLE, Type.STRING, "pkuse_connect_jobs", new ConfigDef.NonEmptyString(), Importance.LOW,
                "Control table (in the connection's database) with each job's committed indexes, count and state.",
                JOB_GROUP, ++order, Width.MEDIUM, "Jobs table");
        def.define(EVENTS_TABLE, Type.STRING, "pkuse_connect_events", new ConfigDef.NonEmptyString(),
                Importance.LOW,
                "Control table (in the connection's database) with the status events the sink owes: each is "
                        + "written in the transaction that makes it true and removed once the status cluster "
                        + "acknowledged it, so a crash or a status outage delays events and never loses them.",
                JOB_GROUP, ++order, Width.MEDIUM, "Events table");
        def.define(JOB_INCOMPLETE_TIMEOUT, Type.LONG, 1_800_000L, Range.atLeast(0), Importance.MEDIUM,
                "How long a running job may go without a committed record before the sink gives up on it: the job "
                        + "is marked FAILED and its 'error' names the missing currentIndex ranges (records with "
                        + "malformed job headers sent to the dead-letter queue, records the worker dropped under "
                        + "errors.tolerance=all, a source that stopped for good). 0: wait forever.",
                JOB_GROUP, ++order, Width.SHORT, "Incomplete job timeout (ms)");

        order = 0;
        def.define(MAX_RETRIES, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM,
                "Retries of a batch after a transient database error (connection lost, deadlock, lock wait "
                        + "timeout, server restart) before the task fails.",
                RETRY_GROUP, ++order, Width.SHORT, "Max retries");
        def.define(RETRY_BACKOFF_MS, Type.LONG, 3000L, Range.atLeast(0), Importance.LOW,
                "Wait before retrying after a transient error.",
                RETRY_GROUP, ++order, Width.SHORT, "Retry backoff (ms)");
        def.define(ERRORS_INCLUDE_VALUES, Type.BOOLEAN, false, Importance.LOW,
                "Include row values in error messages, status events, the task's trace and logs (the values a "
                        + "database quotes in its errors, such as a duplicate key). Off by default because rows may "
                        + "hold personal data: errors name the record (topic-partition-offset), the column, the "
                        + "constraint and the reason. Passwords are never shown.",
                ERRORS_GROUP, 1, Width.SHORT, "Include values in errors");
        return StatusConfig.update(def);
    }

    public String tableNameFormat() {
        return getString(TABLE_NAME_FORMAT).trim();
    }

    public InsertMode insertMode() {
        return InsertMode.valueOf(getString(INSERT_MODE).trim().toUpperCase(Locale.ROOT));
    }

    public PrimaryKeyMode pkMode() {
        return PrimaryKeyMode.valueOf(getString(PK_MODE).trim().toUpperCase(Locale.ROOT));
    }

    public List<String> pkFields() {
        return getList(PK_FIELDS).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public List<String> fieldsWhitelist() {
        return getList(FIELDS_WHITELIST).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean deleteEnabled() {
        return getBoolean(DELETE_ENABLED);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public Duration flushInterval() {
        return Duration.ofMillis(getLong(FLUSH_INTERVAL_MS));
    }

    public TimeZone dbTimeZone() {
        return TimeZone.getTimeZone(ZoneId.of(getString(DB_TIMEZONE).trim()));
    }

    public WriteMode writeMode() {
        return WriteMode.of(getString(WRITE_MODE));
    }

    public boolean autoCreate() {
        return getBoolean(AUTO_CREATE);
    }

    public boolean autoEvolve() {
        return getBoolean(AUTO_EVOLVE);
    }

    public int keyVarcharLength() {
        return getInt(KEY_VARCHAR_LENGTH);
    }

    public int decimalDefaultPrecision() {
        return getInt(DECIMAL_DEFAULT_PRECISION);
    }

    public String jobTaskId() {
        String v = getString(JOB_TASK_ID);
        return v == null ? "" : v.trim();
    }

    public String offsetsTable() {
        return getString(OFFSETS_TABLE).trim();
    }

    public String eventsTable() {
        return getString(EVENTS_TABLE).trim();
    }

    public Duration jobIncompleteTimeout() {
        return Duration.ofMillis(getLong(JOB_INCOMPLETE_TIMEOUT));
    }

    public String jobsTable() {
        return getString(JOBS_TABLE).trim();
    }

    @Override
    public boolean errorsIncludeValues() {
        return getBoolean(ERRORS_INCLUDE_VALUES);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
    }
}
