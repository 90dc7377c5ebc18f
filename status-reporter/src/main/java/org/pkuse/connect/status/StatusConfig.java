package org.pkuse.connect.status;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The status-event options shared by every pkuse connector. A connector cannot see its worker's config, so the
 * status brokers come from the connector config ({@code org.pkuse.kafka.broker}).
 */
public final class StatusConfig {

    public static final String GROUP = "Status events";

    public static final String BROKER = "org.pkuse.kafka.broker";
    public static final String TOPIC = "pkuse.status.topic";
    public static final String TOPIC_DEFAULT = "pkuse_status";
    public static final String INTERVAL_MS = "pkuse.status.interval.ms";
    public static final String TIMEOUT_MS = "pkuse.status.timeout.ms";
    public static final String TOPIC_PARTITIONS = "pkuse.status.topic.partitions";
    public static final String TOPIC_REPLICATION = "pkuse.status.topic.replication.factor";
    public static final String CONNECTOR_NAME = "pkuse.connector.name";
    /** Keys under this prefix go to the status producer; only {@link StatusProducerKeys} may. */
    public static final String PRODUCER_PREFIX = "pkuse.status.producer.";

    private final String bootstrapServers;
    private final String topic;
    private final Duration interval;
    private final Duration timeout;
    private final int topicPartitions;
    private final short topicReplicationFactor;
    private final String connectorName;
    private final Map<String, Object> producerOverrides;

    /**
     * @param config            a connector config whose {@code ConfigDef} went through {@link #update(ConfigDef)}
     * @param connectorNameFallback the connector's own name, used when {@code pkuse.connector.name} is empty
     */
    public StatusConfig(AbstractConfig config, String connectorNameFallback) {
        this.bootstrapServers = config.getString(BROKER).trim();
        this.topic = config.getString(TOPIC).trim();
        this.interval = Duration.ofMillis(config.getLong(INTERVAL_MS));
        this.timeout = Duration.ofMillis(config.getLong(TIMEOUT_MS));
        this.topicPartitions = config.getInt(TOPIC_PARTITIONS);
        this.topicReplicationFactor = config.getShort(TOPIC_REPLICATION);
        String name = config.getString(CONNECTOR_NAME).trim();
        this.connectorName = name.isEmpty() ? connectorNameFallback : name;
        this.producerOverrides = config.originalsWithPrefix(PRODUCER_PREFIX);
        for (String key : producerOverrides.keySet()) {
            String problem = StatusProducerKeys.problem(key);
            if (problem != null) {
                throw new ConfigException(PRODUCER_PREFIX + key + ": " + problem);
            }
        }
    }

    public static ConfigDef update(ConfigDef def) {
        int order = 0;
        return def
                .define(BROKER, Type.STRING, "", Importance.HIGH,
                        "Bootstrap servers (host:port,...) of the Kafka cluster that receives status events. "
                                + "Empty turns status events off.",
                        GROUP, ++order, Width.LONG, "Status brokers")
                .define(TOPIC, Type.STRING, TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Topic for status events; created if missing.",
                        GROUP, ++order, Width.MEDIUM, "Status topic")
                .define(CONNECTOR_NAME, Type.STRING, "", Importance.MEDIUM,
                        "Name put in the connectorName field of status events. Empty means the connector's name.",
                        GROUP, ++order, Width.MEDIUM, "Connector name in events")
                .define(INTERVAL_MS, Type.LONG, 2000L, Range.atLeast(0), Importance.LOW,
                        "Least time between two 'processing' events of one run.",
                        GROUP, ++order, Width.SHORT, "Progress interval (ms)")
                .define(TIMEOUT_MS, Type.LONG, 30000L, Range.atLeast(1000), Importance.LOW,
                        "How long sending a status event may block, retries included. 'end' and 'error' are sent "
                                + "synchronously within this time; past it the failure is logged and raised.",
                        GROUP, ++order, Width.SHORT, "Status send timeout (ms)")
                .define(TOPIC_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                        "Partitions of the status topic when this connector creates it.",
                        GROUP, ++order, Width.SHORT, "Status topic partitions")
                .define(TOPIC_REPLICATION, Type.SHORT, (short) -1, Importance.LOW,
                        "Replication factor of the status topic when this connector creates it; -1 means the "
                                + "broker's default.",
                        GROUP, ++order, Width.SHORT, "Status topic replication");
    }

    public boolean enabled() {
        return !bootstrapServers.isEmpty();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic() {
        return topic;
    }

    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    public int topicPartitions() {
        return topicPartitions;
    }

    public short topicReplicationFactor() {
        return topicReplicationFactor;
    }

    public String connectorName() {
        return connectorName;
    }

    public Map<String, Object> producerOverrides() {
        return producerOverrides;
    }
}
