package org.pkuse.connect.hbase;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.pkuse.connect.common.config.ConfigDocs;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.mapping.FieldType;
import org.pkuse.connect.common.mapping.MappingException;
import org.pkuse.connect.common.source.SourceJobConfig;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.HBaseColumns;
import org.pkuse.connect.hbase.mapping.ValueEncoding;
import org.pkuse.connect.hbase.run.RunOptions;
import org.pkuse.connect.status.StatusConfig;

/**
 * The HBase source connector's options: the keys the pkuse scheduler sends (spelled as it spells them, typos
 * included), plus the options users need on top (row-key range, value encoding, formats, scan tuning, schedule),
 * parsed once into typed getters.
 */
public class HBaseSourceConfig extends SourceJobConfig implements RunOptions {

    public static final String GROUP_HBASE = "HBase";
    public static final String GROUP_MAPPING = "Field mapping";
    public static final String GROUP_JOB = "Job";
    public static final String GROUP_KAFKA = "Kafka";
    public static final String GROUP_SCAN = "Scan";
    public static final String GROUP_SCHEDULE = "Schedule";
    public static final String GROUP_ERRORS = "Errors";
    public static final String GROUP_PLATFORM = "Platform (accepted, not used)";

    public static final String HBASE_IP = HBaseOptions.HBASE_IP;
    public static final String HBASE_PORT = HBaseOptions.HBASE_PORT;
    public static final String NAMESPACE = HBaseOptions.NAMESPACE;
    public static final String TABLE = "pkuse.hbase.table.name";
    public static final String MAPPING = "pkuse.hbase.filed.mapping";
    public static final String COLUMNS_KEY = "pkuse.hbase.filed.columnsKey";
    public static final String HAS_BIG_FIELD = "pkuse.hasbigfield";
    public static final String VALUE_ENCODING = HBaseOptions.VALUE_ENCODING;
    public static final String ROWKEY_ENCODING = HBaseOptions.ROWKEY_ENCODING;
    public static final String DATE_FORMAT = HBaseOptions.DATE_FORMAT;
    public static final String DATETIME_FORMAT = HBaseOptions.DATETIME_FORMAT;
    public static final String TIME_ZONE = HBaseOptions.TIME_ZONE;
    public static final String ROWKEY_START = "pkuse.hbase.rowkey.start";
    public static final String ROWKEY_STOP = "pkuse.hbase.rowkey.stop";

    public static final String SCAN_CACHING = "pkuse.hbase.scan.caching";
    public static final String SCAN_THREADS = "pkuse.hbase.scan.threads";
    public static final String SCAN_QUEUE_ROWS = "pkuse.hbase.scan.queue.rows";
    public static final String VALIDATE_TIMEOUT_MS = HBaseOptions.VALIDATE_TIMEOUT_MS;

    /** Connect's own key; read from the connector config, defined by the framework. */

    /** Connector-config prefixes passed to the HBase client configuration as they are. */
    public static final List<String> CLIENT_PREFIXES = HBaseOptions.CLIENT_PREFIXES;

    public static final ConfigDef CONFIG_DEF = configDef();

    private final FieldMappings mappings;

    public HBaseSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        try {
            this.mappings = FieldMappings.parse(getString(MAPPING), decoder(), HBaseColumns.INSTANCE);
        } catch (MappingException e) {
            throw new ConfigException(MAPPING, "(hidden)", e.getMessage());
        }
    }

    /** The options reference, {@code docs/configuration.md}. */
    public static ConfigDocs docs() {
        return new ConfigDocs("HBase source connector: configuration reference", HBaseSourceConfig.class,
                configDef(), "Besides these keys the connector reads Connect's `" + ERRORS_TOLERANCE + "` (`none` or "
                        + "`all`) and passes every `hbase.*`, `zookeeper.*` and `hadoop.*` key to the HBase client.");
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int o = 0;
        o = HBaseOptions.defineCluster(def, GROUP_HBASE, o);
        def.define(TABLE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "HBase table to read (without namespace).", GROUP_HBASE, ++o, Width.MEDIUM, "Table");
        def.define(ROWKEY_START, Type.STRING, "", Importance.LOW,
                "First row key to read (inclusive, UTF-8). Empty: from the table's start.",
                GROUP_HBASE, ++o, Width.MEDIUM, "Row-key range start");
        def.define(ROWKEY_STOP, Type.STRING, "", Importance.LOW,
                "Row key where reading stops (exclusive, UTF-8). Empty: to the table's end.",
                GROUP_HBASE, ++o, Width.MEDIUM, "Row-key range stop");
        def.define(VALIDATE_TIMEOUT_MS, Type.LONG, 15_000L, Range.between(1_000L, 80_000L), Importance.LOW,
                "How long config validation may spend checking that ZooKeeper and HBase answer, that the table "
                        + "exists and that every mapped column resolves.",
                GROUP_HBASE, ++o, Width.SHORT, "Validation timeout (ms)");

        o = 0;
        def.define(MAPPING, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new SourceValidators.MappingValidator(), Importance.HIGH,
                "JSON array, one object per record field: sourceFiled (HBase column: qualifier, looked up across the "
                        + "table's families, or family:qualifier), targetFiled (record field name), fieldType ("
                        + FieldType.ACCEPTED + "), ispk (\"1\": part of the record "
                        + "key), limitcondition (row filter on this field, e.g. '> 100', 'IN (1,2)', \"LIKE 'a%'\", "
                        + "'IS NOT NULL'), maprule (value rule: trim, upper, lower, mask, mask(n,m), map(a:b,...), "
                        + "default(v), chained with |), mark, columnId, description (carried, not used).",
                GROUP_MAPPING, ++o, Width.LONG, "Field mapping");
        def.define(COLUMNS_KEY, Type.STRING, "", Importance.HIGH,
                "The target field that holds the HBase row key (its sourceFiled is not read as a column). Empty: "
                        + "no field holds the row key.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Row-key field");
        o = HBaseOptions.defineEncodings(def, GROUP_MAPPING, o, COLUMNS_KEY);
        def.define(HAS_BIG_FIELD, Type.STRING, "", new SourceValidators.BigFieldValidator(), Importance.LOW,
                "Fields that hold large values, as a JSON array of names (the platform's '[]bdsoft', an empty array "
                        + "with a trailing marker, is accepted). Informational: every field is read whole.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Large fields");

        defineJob(def, GROUP_JOB, 0,
                "For incremental sync: the field (targetFiled or sourceFiled) whose value marks new data, compared by "
                        + "its type; empty means the cells' timestamps. Whole rows are sent either way.",
                "Where the previous run stopped; empty: from the beginning. With cell timestamps: epoch milliseconds "
                        + "(or a datetime in " + DATETIME_FORMAT + "), rows with a mapped cell in [value, run start) are "
                        + "read. With a field: rows whose field is greater than the value. The end event carries the "
                        + "value for the next run.");

        defineKafka(def, GROUP_KAFKA, 0, "Prefix of the data topic; the topic is <prefix><namespace>_<table>.");

        o = 0;
        def.define(SCAN_CACHING, Type.INT, 1000, Range.between(1, 100_000), Importance.LOW,
                "Rows fetched per scanner round trip (HBase scanner caching) and rows per Get batch.",
                GROUP_SCAN, ++o, Width.SHORT, "Scanner caching");
        def.define(SCAN_THREADS, Type.INT, 4, Range.between(1, 64), Importance.LOW,
                "Regions scanned in parallel inside the task. Records are still emitted in row-key order.",
                GROUP_SCAN, ++o, Width.SHORT, "Scan threads");
        def.define(SCAN_QUEUE_ROWS, Type.INT, 4000, Range.between(10, 1_000_000), Importance.LOW,
                "Read-ahead per scan thread: rows read and not yet emitted are at most "
                        + SCAN_THREADS + " x this, over all regions together (the region being emitted always has "
                        + "room for this many); memory is bounded by it.",
                GROUP_SCAN, ++o, Width.SHORT, "Read-ahead per thread");
        defineIdlePoll(def, GROUP_SCAN, o);
        defineSchedule(def, GROUP_SCHEDULE, 0, TIME_ZONE);
        defineErrors(def, GROUP_ERRORS, 0,
                "Include row values (cell values, row keys) in error messages, status events and logs. Off by "
                        + "default because rows may hold personal data.");

        definePlatform(def, GROUP_PLATFORM, 0);
        return StatusConfig.update(def);
    }

    // ---- typed getters ----

    public String zkQuorum() {
        return HBaseOptions.zkQuorum(this);
    }

    public int zkPort() {
        return getInt(HBASE_PORT);
    }

    @Override
    public String namespace() {
        return getString(NAMESPACE).trim();
    }

    @Override
    public String table() {
        return getString(TABLE).trim();
    }

    @Override
    public String qualifiedTable() {
        return namespace() + ":" + table();
    }

    @Override
    public String topic() {
        return getString(TOPIC_PREFIX).trim() + namespace() + "_" + table();
    }

    public FieldMappings mappings() {
        return mappings;
    }

    public String columnsKey() {
        return getString(COLUMNS_KEY).trim();
    }

    @Override
    public ValueEncoding valueEncoding() {
        return HBaseOptions.valueEncoding(this);
    }

    @Override
    public ValueEncoding rowKeyEncoding() {
        return HBaseOptions.rowKeyEncoding(this);
    }

    public ZoneId zone() {
        return HBaseOptions.zone(this);
    }

    @Override
    public CellDecoder decoder() {
        return HBaseOptions.decoder(this);
    }

    @Override
    public String rowKeyStart() {
        return getString(ROWKEY_START);
    }

    @Override
    public String rowKeyStop() {
        return getString(ROWKEY_STOP);
    }

    @Override
    public int scanCaching() {
        return getInt(SCAN_CACHING);
    }

    @Override
    public int scanThreads() {
        return getInt(SCAN_THREADS);
    }

    @Override
    public int scanQueueRows() {
        return getInt(SCAN_QUEUE_ROWS);
    }

    public Duration validateTimeout() {
        return Duration.ofMillis(getLong(VALIDATE_TIMEOUT_MS));
    }

    /** The option values that define what a job reads, in a fixed order (digested into the offset's fingerprint). */
    public List<String> jobDefinition() {
        return List.of(jobId(), qualifiedTable(), getString(SYNC_TYPE), incrementField(), lastIncrementValue(),
                getString(MAPPING), columnsKey(), rowKeyStart(), rowKeyStop(), valueEncoding().name(), scheduleCron(),
                Long.toString(scheduleInterval().toMillis()));
    }

    /** The HBase client properties given in the connector config ({@code hbase.*}, {@code zookeeper.*}, ...). */
    public Map<String, String> clientOverrides() {
        return HBaseOptions.clientOverrides(this);
    }

    // ---- validators ----

    /** Parses the mapping with the default formats; the connector re-checks it with the configured ones. */
    public List<String> bigFields() {
        return SourceValidators.bigFields(HAS_BIG_FIELD, getString(HAS_BIG_FIELD));
    }
}
