package org.pkuse.connect.common.source;

import static org.pkuse.connect.common.config.ConfigErrors.addError;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.status.PkuseKeys;

/**
 * What every source connector of the bundle does the same way: one task per job (a job's rows are read in one
 * ordered pass, so that its records are numbered 1..N), exactly-once support, and validation in three steps (the
 * keys, then the status keys, then the connector's own checks of the parsed config, which may reach the store).
 *
 * @param <C> the connector's config
 */
public abstract class JobSourceConnector<C extends SourceJobConfig> extends SourceConnector {

    private Map<String, String> props;

    /** Parses the config; a {@link ConfigException} is reported on {@link #unparsableKey()} by validate. */
    protected abstract C configure(Map<String, String> props);

    /** The key a config that {@link #configure} refuses is reported on. */
    protected abstract String unparsableKey();

    /** Logs what the connector is about to do (no secret, no row value unless asked for). */
    protected abstract void started(C config);

    /** The connector's own checks of a config whose keys are valid; each problem goes on the key it concerns. */
    protected abstract void validateParsed(C config, Map<String, ConfigValue> values);

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        C config = configure(props);
        this.props = new HashMap<>(props);
        started(config);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(new HashMap<>(props));
    }

    @Override
    public void stop() {
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Each record carries the exact resume point and the order is deterministic, so offsets committed in the
        // records' transaction resume exactly (status events stay outside the transaction).
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return PkuseKeys.validate(super.validate(connectorConfigs), config(), connectorConfigs, values -> {
            C config;
            try {
                config = configure(connectorConfigs);
            } catch (ConfigException e) {
                addError(values, unparsableKey(), e.getMessage());
                return;
            }
            validateParsed(config, values);
        });
    }
}
