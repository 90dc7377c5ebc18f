package org.pkuse.connect.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.ObjectName;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pkuse.connect.metrics.StatusReporterMetrics;
import org.pkuse.connect.metrics.TaskMBeans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends status events to the status topic with its own idempotent producer, keyed by the job id so that one job's
 * events stay in order on one partition.
 *
 * <p>Sending never blocks longer than {@code pkuse.status.timeout.ms}: an unreachable status cluster slows a task
 * down by at most that much per terminal event and never touches its data records.
 */
public class StatusReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    private final StatusConfig config;
    private final Producer<String, String> producer;
    private final StatusReporterMetrics metrics = new StatusReporterMetrics();
    private final ObjectName mbean;

    public StatusReporter(StatusConfig config, String clientIdSuffix) {
        this(config, clientIdSuffix, clientIdSuffix);
    }

    /** A reporter whose counters are the MBean of task {@code task} of the connector ({@link TaskMBeans}). */
    public StatusReporter(StatusConfig config, String clientIdSuffix, String task) {
        this.config = config;
        this.mbean = TaskMBeans.name("status-reporter-metrics", config.connectorName(), task);
        TaskMBeans.register(mbean, metrics);
        this.producer = config.enabled() ? new KafkaProducer<>(producerProps(config, clientIdSuffix)) : null;
        if (!config.enabled()) {
            log.warn("{} is empty: status events of connector '{}' are turned off", StatusConfig.BROKER,
                    config.connectorName());
        }
    }

    static Map<String, Object> producerProps(StatusConfig config, String clientIdSuffix) {
        long timeoutMs = config.timeout().toMillis();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pkuse-status-" + clientIdSuffix);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Bounded blocking: metadata waits and delivery with retries both end within the status timeout.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000L, Math.max(500L, timeoutMs - 10)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMs + 5));
        props.putAll(config.producerOverrides());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    public StatusConfig config() {
        return config;
    }

    public StatusReporterMetrics metrics() {
        return metrics;
    }

    /**
     * Creates the status topic when it does not exist. Failing to create it is logged, not raised: the cluster may
     * auto-create topics, or the topic may exist already on a cluster where this principal cannot describe it.
     */
    public void ensureTopic() {
        if (!config.enabled()) {
            return;
        }
        Map<String, Object> adminProps = new HashMap<>();
        for (Map.Entry<String, Object> e : producerProps(config, "admin").entrySet()) {
            if (AdminClientConfig.configNames().contains(e.getKey())) {
                adminProps.put(e.getKey(), e.getValue());
            }
        }
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000L, config.timeout().toMillis()));
        try (Admin admin = Admin.create(adminProps)) {
            Optional<Short> rf = config.topicReplicationFactor() > 0
                    ? Optional.of(config.topicReplicationFactor()) : Optional.empty();
            NewTopic topic = new NewTopic(config.topic(), Optional.of(config.topicPartitions()), rf);
            admin.createTopics(List.of(topic)).all().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created status topic '{}'", config.topic());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                log.debug("Status topic '{}' exists", config.topic());
            } else {
                log.warn("Could not create status topic '{}' at {}: {}", config.topic(), config.bootstrapServers(),
                        String.valueOf(e.getCause()));
            }
        } catch (TimeoutException e) {
            log.warn("Status cluster {} did not answer within {} ms while creating topic '{}'",
                    config.bootstrapServers(), config.timeout().toMillis(), config.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not create status topic '{}': {}", config.topic(), e.toString());
        }
    }

    /** Sends without waiting (progress events, which may be lost); a failure is logged. */
    public void publish(StatusEvent event) {
        if (producer == null) {
            return;
        }
        String json = StatusEventCodec.toJson(event);
        try {
            metrics.sending();
            producer.send(new ProducerRecord<>(config.topic(), event.taskId(), json), (metadata, error) -> {
                if (error == null) {
                    metrics.delivered();
                } else {
                    metrics.failed();
                    log.warn("Could not send a '{}' status event of job {} to topic '{}': {}",
                            event.stage().wireName(), event.taskId(), config.topic(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            metrics.failed();
            log.warn("Could not send a '{}' status event of job {} to topic '{}': {}", event.stage().wireName(),
                    event.taskId(), config.topic(), e.toString());
        }
    }

    /**
     * Sends and waits for the broker's acknowledgement, at most {@code pkuse.status.timeout.ms}.
     *
     * @throws StatusPublishException when the event was not acknowledged in time
     */
    public void publishAndWait(StatusEvent event) {
        if (producer == null) {
            return;
        }
        String json = StatusEventCodec.toJson(event);
        long timeoutMs = config.timeout().toMillis();
        try {
            producer.send(new ProducerRecord<>(config.topic(), event.taskId(), json))
                    .get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
            metrics.acknowledged();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(event, e);
        } catch (ExecutionException e) {
            throw failed(event, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw failed(event, e);
        }
    }

    private StatusPublishException failed(StatusEvent event, Throwable cause) {
        metrics.refused();
        // WARN, without the event's text: the event stays owed and is sent again (JobRun, the sink's outbox).
        log.warn("Could not deliver '{}' status event of job {} to topic '{}' at {} within {} ms: {}",
                event.stage().wireName(), event.taskId(), config.topic(), config.bootstrapServers(),
                config.timeout().toMillis(), String.valueOf(cause));
        return new StatusPublishException("Could not deliver the '" + event.stage().wireName()
                + "' status event of job " + event.taskId() + " to topic '" + config.topic() + "' at "
                + config.bootstrapServers() + " within " + config.timeout().toMillis() + " ms ("
                + StatusConfig.BROKER + ")", cause);
    }

    /** Sends anything still buffered, waiting at most the status timeout. */
    public void flush() {
        if (producer != null) {
            producer.flush();
        }
    }

    @Override
    public void close() {
        TaskMBeans.unregister(mbean);
        if (producer != null) {
            producer.close(Duration.ofMillis(Math.min(5_000L, config.timeout().toMillis())));
        }
    }
}
