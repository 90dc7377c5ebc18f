package org.pkuse.connect.jdbc;

import static org.pkuse.connect.common.config.ConfigErrors.addError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.jdbc.connection.ConnectionCheck;
import org.pkuse.connect.status.PkuseKeys;
import org.pkuse.connect.status.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC sink connector: validates the config (keys, cross-field rules, then a real connection) and gives every
 * task the same config; the tasks share work through Kafka's partition assignment.
 */
public class JdbcSinkConnector extends SinkConnector {

    private static final Logger log = LoggerFactory.getLogger(JdbcSinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = new HashMap<>(props);
        JdbcSinkConfig config = new JdbcSinkConfig(props);
        log.info("JDBC sink connector {} starting: {} into {}, job scope '{}'", props.get("name"),
                Redactor.redact(config.connectionUrl()), config.tableNameFormat(), config.jobTaskId());
        log.info("JDBC sink config: {}", Redactor.describe(config.values()));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(JdbcSinkTask.TASK_INDEX, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        log.info("JDBC sink connector {} stopped", props == null ? "" : props.get("name"));
    }

    @Override
    public ConfigDef config() {
        return JdbcSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return PkuseKeys.validate(super.validate(connectorConfigs), config(), connectorConfigs,
                values -> validateParsed(connectorConfigs, values));
    }

    private static void validateParsed(Map<String, String> connectorConfigs, Map<String, ConfigValue> values) {
        JdbcSinkConfig parsed;
        try {
            parsed = new JdbcSinkConfig(connectorConfigs);
        } catch (RuntimeException e) {
            values.get(JdbcSinkConfig.CONNECTION_URL).addErrorMessage(e.getMessage());
            return;
        }
        crossChecks(parsed, values);
        if (values.values().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            ConnectionCheck.run(parsed, values, null);
        }
    }

    static void crossChecks(JdbcSinkConfig c, Map<String, ConfigValue> values) {
        JdbcSinkConfig.PrimaryKeyMode pk = c.pkMode();
        if (c.insertMode() != JdbcSinkConfig.InsertMode.INSERT && pk == JdbcSinkConfig.PrimaryKeyMode.NONE) {
            String msg = "insert.mode=" + c.insertMode().name().toLowerCase() + " needs a primary key: set pk.mode "
                    + "to record_value, record_key or kafka";
            addError(values, JdbcSinkConfig.INSERT_MODE, msg);
            addError(values, JdbcSinkConfig.PK_MODE, msg);
        }
        if (c.deleteEnabled() && pk != JdbcSinkConfig.PrimaryKeyMode.RECORD_KEY) {
            String msg = "delete.enabled=true needs pk.mode=record_key (a tombstone only has its key)";
            addError(values, JdbcSinkConfig.DELETE_ENABLED, msg);
            addError(values, JdbcSinkConfig.PK_MODE, msg);
        }
        if (pk == JdbcSinkConfig.PrimaryKeyMode.KAFKA && !c.pkFields().isEmpty() && c.pkFields().size() != 3) {
            addError(values, JdbcSinkConfig.PK_FIELDS, "pk.mode=kafka takes exactly three pk.fields (topic, partition, "
                    + "offset column names) or none for the defaults; got " + c.pkFields());
        }
        if (pk == JdbcSinkConfig.PrimaryKeyMode.NONE && !c.pkFields().isEmpty()) {
            String msg = "pk.fields " + c.pkFields() + " is set but pk.mode=none ignores it; set pk.mode";
            addError(values, JdbcSinkConfig.PK_FIELDS, msg);
            addError(values, JdbcSinkConfig.PK_MODE, msg);
        }
        if (c.writeMode() == JdbcSinkConfig.WriteMode.OVERWRITE
                && c.insertMode() == JdbcSinkConfig.InsertMode.UPDATE) {
            String msg = "write.mode=2 (overwrite) loads into an empty staging table, where insert.mode=update "
                    + "would update nothing; use insert or upsert";
            addError(values, JdbcSinkConfig.WRITE_MODE, msg);
            addError(values, JdbcSinkConfig.INSERT_MODE, msg);
        }
        String table = c.tableNameFormat();
        long dots = table.chars().filter(ch -> ch == '.').count();
        if (dots > 1 || table.startsWith(".") || table.endsWith(".")) {
            addError(values, JdbcSinkConfig.TABLE_NAME_FORMAT, "must be table or database.table (schema.table on "
                    + "PostgreSQL), got '" + table + "'");
        }
        if (c.fieldsWhitelist().stream().anyMatch(f -> f.isBlank())) {
            addError(values, JdbcSinkConfig.FIELDS_WHITELIST, "must not hold empty names");
        }
    }
}
