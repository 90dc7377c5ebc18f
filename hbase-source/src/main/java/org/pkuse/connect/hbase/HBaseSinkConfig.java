package org.pkuse.connect.hbase;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.pkuse.connect.common.config.ConfigDocs;
import org.pkuse.connect.common.mapping.MappingException;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ValueEncoding;
import org.pkuse.connect.hbase.sink.CellEncoder;
import org.pkuse.connect.hbase.sink.NullMode;
import org.pkuse.connect.hbase.sink.SinkColumns;
import org.pkuse.connect.status.StatusConfig;

/**
 * The HBase sink connector's options: the keys the pkuse scheduler sends (the HBase ones mean what they mean for
 * the HBase source, see {@link HBaseOptions}), plus batching, deletes, nulls, durability and the jobs table.
 */
public class HBaseSinkConfig extends AbstractConfig {

    public static final String GROUP_HBASE = "HBase";
    public static final String GROUP_MAPPING = "Field mapping";
    public static final String GROUP_WRITES = "Writes";
    public static final String GROUP_JOB = "Job";
    public static final String GROUP_ERRORS = "Errors";

    public static final String TABLE = "pkuse.hbase.table.name";
    public static final String COLUMN_FAMILY = "pkuse.hbase.column.family";
    public static final String MAPPING = "pkuse.hbase.filed.mapping";
    public static final String COLUMNS_KEY = "pkuse.hbase.filed.columnsKey";
    public static final String ROWKEY_DELIMITER = "pkuse.hbase.rowkey.delimiter";
    public static final String WRITE_KEY_FIELDS = "pkuse.hbase.rowkey.fields.written";
    public static final String AUTO_CREATE = "auto.create";
    public static final String SPLIT_POINTS = "pkuse.hbase.split.points";
    public static final String WRITE_MODE = "write.mode";
    public static final String BATCH_SIZE = "batch.size";
    public static final String WRITE_BUFFER_BYTES = "pkuse.hbase.write.buffer.bytes";
    public static final String FLUSH_INTERVAL_MS = "flush.interval.ms";
    public static final String DELETE_ENABLED = "delete.enabled";
    public static final String NULL_MODE = "pkuse.hbase.null.mode";
    public static final String DURABILITY = "pkuse.hbase.durability";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String JOBS_TABLE = "pkuse.hbase.jobs.table";
    public static final String TASK_ID = "pkuse.task.id";
    public static final String ERRORS_INCLUDE_VALUES = "pkuse.errors.include.values";
    public static final String VALIDATE_TIMEOUT_MS = HBaseOptions.VALIDATE_TIMEOUT_MS;

    public static final ConfigDef CONFIG_DEF = configDef();

    private final SinkColumns columns;

    public HBaseSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false); // no value dump: passthrough keys may hold secrets
        try {
            this.columns = SinkColumns.parse(getString(MAPPING), getString(COLUMN_FAMILY).trim());
        } catch (MappingException e) {
            throw new ConfigException(MAPPING, "(hidden)", e.getMessage());
        }
    }

    /** The options reference, {@code docs/sink-configuration.md}. */
    public static ConfigDocs docs() {
        return new ConfigDocs("HBase sink connector: configuration reference", HBaseSinkConfig.class, configDef(),
                "Besides these keys the connector reads Connect's `errors.tolerance` and `errors.deadletterqueue.*` "
                        + "and passes every `hbase.*`, `zookeeper.*` and `hadoop.*` key to the HBase client.");
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int o = HBaseOptions.defineCluster(def, GROUP_HBASE, 0);
        def.define(TABLE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "HBase table to write (without namespace).", GROUP_HBASE, ++o, Width.MEDIUM, "Table");
        def.define(COLUMN_FAMILY, Type.STRING, "info", new ConfigDef.NonEmptyString(), Importance.HIGH,
                "Column family of the fields the mapping does not place in a family (every field without a mapping).",
                GROUP_HBASE, ++o, Width.SHORT, "Column family");
        def.define(AUTO_CREATE, Type.BOOLEAN, false, Importance.MEDIUM,
                "Create a missing table with the mapped families. Off: a missing table or family is a validation "
                        + "error.", GROUP_HBASE, ++o, Width.SHORT, "Create the table");
        def.define(SPLIT_POINTS, Type.LIST, "", Importance.LOW,
                "Row keys where a table made by " + AUTO_CREATE + " is split into regions (UTF-8, comma-separated).",
                GROUP_HBASE, ++o, Width.LONG, "Pre-split points");
        def.define(JOBS_TABLE, Type.STRING, "pkuse_sink_jobs", new ConfigDef.NonEmptyString(), Importance.LOW,
                "Table (in the namespace) where the sink keeps its jobs' progress; created when missing.",
                GROUP_HBASE, ++o, Width.MEDIUM, "Jobs table");
        def.define(VALIDATE_TIMEOUT_MS, Type.LONG, 15_000L, Range.between(1_000L, 80_000L), Importance.LOW,
                "How long config validation may spend checking that HBase answers and the table and families exist.",
                GROUP_HBASE, ++o, Width.SHORT, "Validation timeout (ms)");

        o = 0;
        def.define(MAPPING, Type.STRING, "", Importance.MEDIUM,
                "JSON array, one object per record field: sourceFiled (the record's field), targetFiled (the column: "
                        + "family:qualifier, or a qualifier in " + COLUMN_FAMILY + "; empty: the field's name), "
                        + "fieldType (optional; else from the record's schema). Fields it does not name are not "
                        + "written. Empty: every field, in " + COLUMN_FAMILY + " under its own name.",
                GROUP_MAPPING, ++o, Width.LONG, "Field mapping");
        def.define(COLUMNS_KEY, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                Importance.HIGH, "The record field(s) that form the row key, comma-separated.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Row-key fields");
        def.define(ROWKEY_DELIMITER, Type.STRING, "_", Importance.LOW,
                "What joins the row-key fields when there are several.", GROUP_MAPPING, ++o, Width.SHORT,
                "Row-key delimiter");
        def.define(WRITE_KEY_FIELDS, Type.BOOLEAN, false, Importance.LOW,
                "Also write the row-key fields as columns.", GROUP_MAPPING, ++o, Width.SHORT, "Key fields as columns");
        o = HBaseOptions.defineEncodings(def, GROUP_MAPPING, o, COLUMNS_KEY);

        o = 0;
        def.define(WRITE_MODE, Type.STRING, "1", ConfigDef.ValidString.in("1", "2"), Importance.MEDIUM,
                "1: append (cells are put, rows already there stay). 2: overwrite: each job writes into its own "
                        + "staging table (the target's families and split points), and once the job is complete "
                        + "the staging table replaces the target (snapshot, drop, clone) before the job's 'end'; "
                        + "a failed job drops its staging table and leaves the target as it was. Readers of the "
                        + "target get TableNotEnabledException/TableNotFoundException for the few seconds of the "
                        + "swap. Records need the job headers.",
                GROUP_WRITES, ++o, Width.SHORT, "Write mode");
        def.define(BATCH_SIZE, Type.INT, 3000, Range.between(1, 1_000_000), Importance.MEDIUM,
                "Records written to HBase in one flush (memory is bounded by this and the write buffer).",
                GROUP_WRITES, ++o, Width.SHORT, "Batch size");
        def.define(FLUSH_INTERVAL_MS, Type.LONG, 1000L, Range.between(0L, 3_600_000L), Importance.LOW,
                "Longest time a buffered record waits before it is written when batch.size is not reached (so a "
                        + "job's last records, and a small job, end without waiting for the offset commit).",
                GROUP_WRITES, ++o, Width.SHORT, "Flush interval (ms)");
        def.define(WRITE_BUFFER_BYTES, Type.LONG, 8L * 1024 * 1024, Range.between(64L * 1024, 1L << 30),
                Importance.LOW, "Client write buffer of the table writer (BufferedMutator).", GROUP_WRITES, ++o,
                Width.SHORT, "Write buffer (bytes)");
        def.define(DELETE_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                "A tombstone (null value) deletes its row; the row key comes from the record key's "
                        + COLUMNS_KEY + " fields (or the key itself when it is one value). Off: tombstones are skipped.",
                GROUP_WRITES, ++o, Width.SHORT, "Deletes");
        def.define(NULL_MODE, Type.STRING, "skip", ConfigDef.CaseInsensitiveValidString.in("skip", "delete", "empty"),
                Importance.LOW, "What a null field does: skip (its cell stays as it was), delete (its cell is "
                        + "deleted), empty (its cell becomes empty).", GROUP_WRITES, ++o, Width.SHORT, "Null fields");
        def.define(DURABILITY, Type.STRING, "sync_wal", ConfigDef.CaseInsensitiveValidString.in("sync_wal",
                        "fsync_wal", "async_wal", "skip_wal"), Importance.LOW,
                "Write-ahead log use of the data writes. sync_wal (default) keeps every acknowledged cell across a "
                        + "region server crash; async_wal and skip_wal are faster and may lose recent cells then.",
                GROUP_WRITES, ++o, Width.SHORT, "Durability");
        def.define(MAX_RETRIES, Type.INT, 20, Range.atLeast(0), Importance.LOW,
                "Consecutive failed writes (HBase away) retried before the task fails.", GROUP_WRITES, ++o,
                Width.SHORT, "Retries");
        def.define(RETRY_BACKOFF_MS, Type.LONG, 3000L, Range.atLeast(0L), Importance.LOW,
                "Wait between retries.", GROUP_WRITES, ++o, Width.SHORT, "Retry backoff (ms)");

        o = 0;
        def.define(TASK_ID, Type.STRING, "", Importance.HIGH,
                "The job this sink serves: records whose taskId header is this id or one of its runs (<id>-<n>). "
                        + "Empty: every job.", GROUP_JOB, ++o, Width.MEDIUM, "Job id");
        o = 0;
        def.define(ERRORS_INCLUDE_VALUES, Type.BOOLEAN, false, Importance.LOW,
                "Include row values in error messages, status events and logs. Off by default because rows may hold "
                        + "personal data.", GROUP_ERRORS, ++o, Width.SHORT, "Include values in errors");
        return StatusConfig.update(def);
    }

    public String zkQuorum() {
        return HBaseOptions.zkQuorum(this);
    }

    public int zkPort() {
        return getInt(HBaseOptions.HBASE_PORT);
    }

    public TableName table() {
        return TableName.valueOf(getString(HBaseOptions.NAMESPACE).trim(), getString(TABLE).trim());
    }

    public TableName jobsTable() {
        return TableName.valueOf(getString(HBaseOptions.NAMESPACE).trim(), getString(JOBS_TABLE).trim());
    }

    public SinkColumns columns() {
        return columns;
    }

    public List<String> keyFields() {
        return getList(COLUMNS_KEY).stream().map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    public String rowKeyDelimiter() {
        return getString(ROWKEY_DELIMITER);
    }

    public boolean writeKeyFields() {
        return getBoolean(WRITE_KEY_FIELDS);
    }

    public boolean autoCreate() {
        return getBoolean(AUTO_CREATE);
    }

    public List<String> splitPoints() {
        return getList(SPLIT_POINTS).stream().map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    public CellEncoder valueEncoder() {
        return new CellEncoder(HBaseOptions.decoder(this), getString(HBaseOptions.DATETIME_FORMAT));
    }

    public CellEncoder rowKeyEncoder() {
        CellDecoder decoder = HBaseOptions.decoder(this).withEncoding(HBaseOptions.rowKeyEncoding(this));
        return new CellEncoder(decoder, getString(HBaseOptions.DATETIME_FORMAT));
    }

    public ValueEncoding rowKeyEncoding() {
        return HBaseOptions.rowKeyEncoding(this);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public Duration flushInterval() {
        return Duration.ofMillis(getLong(FLUSH_INTERVAL_MS));
    }

    public long writeBufferBytes() {
        return getLong(WRITE_BUFFER_BYTES);
    }

    /** Write mode 2: each job replaces the table. */
    public boolean overwrite() {
        return "2".equals(getString(WRITE_MODE));
    }

    public boolean deleteEnabled() {
        return getBoolean(DELETE_ENABLED);
    }

    public NullMode nullMode() {
        return NullMode.parse(getString(NULL_MODE));
    }

    public Durability durability() {
        return Durability.valueOf(getString(DURABILITY).trim().toUpperCase(Locale.ROOT));
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
    }

    public Duration validateTimeout() {
        return Duration.ofMillis(getLong(VALIDATE_TIMEOUT_MS));
    }

    public String jobId() {
        return getString(TASK_ID).trim();
    }

    public boolean includeValues() {
        return getBoolean(ERRORS_INCLUDE_VALUES);
    }

    public Map<String, String> clientOverrides() {
        return HBaseOptions.clientOverrides(this);
    }

    /** The split points as row keys. */
    public byte[][] splitKeys() {
        return splitPoints().stream().map(s -> s.getBytes(StandardCharsets.UTF_8))
                .sorted(Arrays::compareUnsigned).toArray(byte[][]::new);
    }
}
