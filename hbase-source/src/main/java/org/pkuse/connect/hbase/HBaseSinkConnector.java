package org.pkuse.connect.hbase;

import static org.pkuse.connect.common.config.ConfigErrors.addError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.hbase.mapping.ValueEncoding;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.status.PkuseKeys;
import org.pkuse.connect.status.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into an HBase table (see {@link HBaseSinkTask}). Validates the config (keys, the row-key fields,
 * the cluster, the table and its families) and gives every task the same config.
 */
public class HBaseSinkConnector extends SinkConnector {

    private static final Logger log = LoggerFactory.getLogger(HBaseSinkConnector.class);
    static final String TASK_INDEX = "pkuse.task.index";

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public ConfigDef config() {
        return HBaseSinkConfig.CONFIG_DEF;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        HBaseSinkConfig config = new HBaseSinkConfig(props);
        log.info("HBase sink into {} at ZooKeeper {}:{}, row key from {}", config.table(), config.zkQuorum(),
                config.zkPort(), config.keyFields());
        Map<String, Object> shown = new HashMap<>(config.values());
        shown.remove(HBaseSinkConfig.MAPPING);
        log.info("HBase sink config: {}", Redactor.describe(shown));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HBaseSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> c = new HashMap<>(props);
            c.put(TASK_INDEX, Integer.toString(i));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return PkuseKeys.validate(super.validate(connectorConfigs), config(), connectorConfigs, values -> {
            HBaseSinkConfig config;
            try {
                config = new HBaseSinkConfig(connectorConfigs);
            } catch (ConfigException e) {
                addError(values, HBaseSinkConfig.MAPPING, e.getMessage());
                return;
            }
            if (crossCheck(config, values)) {
                checkCluster(config, values);
            }
        });
    }

    /** Checks between keys; every message goes on each key involved. */
    static boolean crossCheck(HBaseSinkConfig config, Map<String, ConfigValue> values) {
        boolean ok = true;
        List<String> keys = config.keyFields();
        if (keys.isEmpty()) {
            addError(values, HBaseSinkConfig.COLUMNS_KEY, HBaseSinkConfig.COLUMNS_KEY
                    + " names no field; name the record field(s) that form the row key");
            ok = false;
        }
        if (keys.size() > 1 && config.rowKeyEncoding() == ValueEncoding.BINARY) {
            String msg = HBaseOptions.ROWKEY_ENCODING + " 'binary' needs one row-key field; "
                    + HBaseSinkConfig.COLUMNS_KEY + " names " + keys.size();
            addError(values, HBaseOptions.ROWKEY_ENCODING, msg);
            addError(values, HBaseSinkConfig.COLUMNS_KEY, msg);
            ok = false;
        }
        List<String> mapped = config.columns().mappedFields();
        if (!mapped.isEmpty() && config.writeKeyFields()) {
            for (String k : keys) {
                if (!mapped.contains(k)) {
                    String msg = HBaseSinkConfig.WRITE_KEY_FIELDS + " is on but " + HBaseSinkConfig.MAPPING
                            + " does not map row-key field '" + k + "'";
                    addError(values, HBaseSinkConfig.WRITE_KEY_FIELDS, msg);
                    ok = false;
                }
            }
        }
        return ok;
    }

    /** Within the validation timeout: HBase answers, the table and the mapped families exist (or may be created). */
    static void checkCluster(HBaseSinkConfig config, Map<String, ConfigValue> values) {
        Duration timeout = config.validateTimeout();
        ValidateAnswer.checkCluster("pkuse-hbase-sink-validate", config.zkQuorum(), config.zkPort(), timeout,
                where -> tableProblems(config, timeout, where), values);
    }

    /** The table and its families, as {key, message} pairs. */
    private static List<String[]> tableProblems(HBaseSinkConfig config, Duration timeout, String where)
            throws Exception {
        List<String[]> problems = new ArrayList<>();
        TableName table = config.table();
        try (Connection connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(
                config.zkQuorum(), config.zkPort(), config.clientOverrides(), timeout.dividedBy(2)));
             Admin admin = connection.getAdmin()) {
            if (!admin.tableExists(table)) {
                if (!config.autoCreate()) {
                    problems.add(new String[] {HBaseSinkConfig.TABLE, HBaseSinkConfig.TABLE + ": table '" + table
                            + "' does not exist in the HBase cluster at " + where + " (and "
                            + HBaseSinkConfig.AUTO_CREATE + " is off)"});
                }
                return problems;
            }
            Set<String> families = new HashSet<>();
            for (ColumnFamilyDescriptor f : admin.getDescriptor(table).getColumnFamilies()) {
                families.add(Bytes.toString(f.getName()));
            }
            for (String family : config.columns().families()) {
                if (!families.contains(family)) {
                    String key = config.columns().mappedFields().isEmpty() ? HBaseSinkConfig.COLUMN_FAMILY
                            : HBaseSinkConfig.MAPPING;
                    problems.add(new String[] {key, key + ": table '" + table + "' has no column family '" + family
                            + "' (it has " + families + ")"});
                }
            }
        }
        return problems;
    }
}
