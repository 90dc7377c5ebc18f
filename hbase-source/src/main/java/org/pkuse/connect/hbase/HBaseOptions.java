package org.pkuse.connect.hbase;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.pkuse.connect.common.config.TimeZoneValidator;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.ValueEncoding;

/**
 * The keys the HBase source and the HBase sink share, with one meaning: where the cluster is, how cells and row
 * keys are encoded, and the client settings passed through ({@code hbase.*}, {@code zookeeper.*}, {@code hadoop.*}).
 */
public final class HBaseOptions {

    public static final String HBASE_IP = "pkuse.hbase.ip";
    public static final String HBASE_PORT = "pkuse.hbase.port";
    public static final String NAMESPACE = "pkuse.hbase.namespace";
    public static final String VALUE_ENCODING = "pkuse.hbase.value.encoding";
    public static final String ROWKEY_ENCODING = "pkuse.hbase.rowkey.encoding";
    public static final String DATE_FORMAT = "pkuse.hbase.date.format";
    public static final String DATETIME_FORMAT = "pkuse.hbase.datetime.format";
    public static final String TIME_ZONE = "pkuse.hbase.timezone";
    public static final String VALIDATE_TIMEOUT_MS = "pkuse.hbase.validate.timeout.ms";
    /** Key prefixes passed to the HBase client as they are (Kerberos and other cluster settings). */
    public static final List<String> CLIENT_PREFIXES = List.of("hbase.", "zookeeper.", "hadoop.");

    private HBaseOptions() {
    }

    /** Defines the cluster's address and namespace in {@code group} from order {@code o}; returns the last order. */
    static int defineCluster(ConfigDef def, String group, int o) {
        def.define(HBASE_IP, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "ZooKeeper quorum of the HBase cluster: host names or addresses, comma-separated.",
                group, ++o, Width.LONG, "ZooKeeper quorum");
        def.define(HBASE_PORT, Type.INT, 2181, Range.between(1, 65535), Importance.HIGH,
                "ZooKeeper client port of the HBase cluster.", group, ++o, Width.SHORT, "ZooKeeper port");
        def.define(NAMESPACE, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.HIGH,
                "HBase namespace of the table.", group, ++o, Width.MEDIUM, "Namespace");
        return o;
    }

    /**
     * Defines the encodings and text formats of cells in {@code group} from order {@code o}; returns the last
     * order. {@code keyField} is the key naming the row-key field(s).
     */
    static int defineEncodings(ConfigDef def, String group, int o, String keyField) {
        def.define(VALUE_ENCODING, Type.STRING, "string", ConfigDef.CaseInsensitiveValidString.in("string", "binary"),
                Importance.MEDIUM,
                "How cell values are written: 'string' = UTF-8 text parsed per fieldType; 'binary' = HBase Bytes "
                        + "encodings (int 4 bytes, bigint/double 8, float 4, boolean 1, decimal "
                        + "Bytes.toBytes(BigDecimal), date/datetime 8-byte epoch milliseconds).",
                group, ++o, Width.SHORT, "Value encoding");
        def.define(ROWKEY_ENCODING, Type.STRING, "string", ConfigDef.CaseInsensitiveValidString.in("string", "binary"),
                Importance.LOW, "How the row key is encoded, for the field named by " + keyField + ".",
                group, ++o, Width.SHORT, "Row-key encoding");
        def.define(DATE_FORMAT, Type.STRING, "yyyy-MM-dd", new SourceValidators.PatternValidator(), Importance.LOW,
                "java.time pattern of 'date' values in string encoding.",
                group, ++o, Width.SHORT, "Date pattern");
        def.define(DATETIME_FORMAT, Type.STRING, "yyyy-MM-dd HH:mm:ss[.SSS]", new SourceValidators.PatternValidator(),
                Importance.LOW,
                "java.time pattern of 'datetime'/'timestamp' values in string encoding (digits-only values of 10+ "
                        + "digits are read as epoch milliseconds).",
                group, ++o, Width.SHORT, "Datetime pattern");
        def.define(TIME_ZONE, Type.STRING, "UTC", new TimeZoneValidator(), Importance.LOW,
                "Time zone of datetime text values.", group, ++o, Width.SHORT, "Time zone");
        return o;
    }

    static String zkQuorum(AbstractConfig c) {
        return c.getString(HBASE_IP).trim();
    }

    static ValueEncoding valueEncoding(AbstractConfig c) {
        return ValueEncoding.parse(c.getString(VALUE_ENCODING));
    }

    static ValueEncoding rowKeyEncoding(AbstractConfig c) {
        return ValueEncoding.parse(c.getString(ROWKEY_ENCODING));
    }

    static ZoneId zone(AbstractConfig c) {
        return ZoneId.of(c.getString(TIME_ZONE).trim());
    }

    /** The value codec of these settings (string or binary, the date and datetime patterns, the zone). */
    static CellDecoder decoder(AbstractConfig c) {
        return new CellDecoder(valueEncoding(c), c.getString(DATE_FORMAT), c.getString(DATETIME_FORMAT), zone(c));
    }

    /** The connector's {@code hbase.*}, {@code zookeeper.*} and {@code hadoop.*} keys, for the HBase client. */
    static Map<String, String> clientOverrides(AbstractConfig c) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, ?> e : c.originals().entrySet()) {
            if (CLIENT_PREFIXES.stream().anyMatch(e.getKey()::startsWith) && e.getValue() != null) {
                out.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        return out;
    }
}
