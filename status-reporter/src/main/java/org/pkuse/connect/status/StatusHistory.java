package org.pkuse.connect.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a job's events back from the status topic. A sender that is not sure whether an earlier attempt of an event
 * landed (a timed-out send, a crash after sending, a restarted task) looks here first, so that the scheduler sees
 * each {@code start}, {@code end} and {@code error} once.
 *
 * <p>Events are keyed by job id, so one job's events sit in one partition: the one the producer's default
 * partitioner picks for the key (murmur2 of the key bytes). Only that partition is read, from its beginning.
 */
public final class StatusHistory {

    private static final Logger log = LoggerFactory.getLogger(StatusHistory.class);

    private final StatusConfig config;
    private final String clientId;

    public StatusHistory(StatusConfig config, String clientIdSuffix) {
        this.config = config;
        this.clientId = "pkuse-status-history-" + clientIdSuffix;
    }

    static Map<String, Object> consumerProps(StatusConfig config, String clientId) {
        Map<String, Object> props = new HashMap<>();
        // The producer's connection and security settings, as far as a consumer knows them.
        for (Map.Entry<String, Object> e : StatusReporter.producerProps(config, clientId).entrySet()) {
            if (ConsumerConfig.configNames().contains(e.getKey())) {
                props.put(e.getKey(), e.getValue());
            }
        }
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000L, config.timeout().toMillis()));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    /**
     * The events of job {@code taskId} on the status topic, oldest first; empty when events are off or the topic
     * does not exist yet.
     *
     * @throws StatusPublishException when the status cluster does not answer within {@code pkuse.status.timeout.ms}
     */
    public List<StatusEvent> eventsOf(String taskId) {
        List<StatusEvent> events = new ArrayList<>();
        if (!config.enabled()) {
            return events;
        }
        long deadline = System.currentTimeMillis() + config.timeout().toMillis();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(config, clientId))) {
            List<PartitionInfo> partitions = consumer.partitionsFor(config.topic(), config.timeout());
            if (partitions == null || partitions.isEmpty()) {
                return events;
            }
            TopicPartition tp = new TopicPartition(config.topic(), partitionOf(taskId, partitions.size()));
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), config.timeout()).get(tp);
            while (consumer.position(tp, config.timeout()) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException("reading partition " + tp
                            + " up to offset " + end + " took longer than " + config.timeout().toMillis() + " ms");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (taskId.equals(r.key()) && r.value() != null) {
                        try {
                            events.add(StatusEventCodec.fromJson(r.value()));
                        } catch (RuntimeException e) {
                            log.debug("Skipping a record of job {} at {}@{} that is not a status event", taskId, tp,
                                    r.offset());
                        }
                    }
                }
            }
            return events;
        } catch (RuntimeException e) {
            throw new StatusPublishException("Could not read the status events of job " + taskId + " from topic '"
                    + config.topic() + "' at " + config.bootstrapServers() + " within " + config.timeout().toMillis()
                    + " ms (" + StatusConfig.BROKER + "): " + e.getMessage(), e);
        }
    }

    /**
     * {@link #eventsOf} on a thread of its own (with the caller's context class loader, which the consumer's
     * configured classes need), so that the caller can count a run's rows meanwhile. Fails as {@link #eventsOf}.
     */
    public CompletableFuture<List<StatusEvent>> eventsOfMeanwhile(String taskId) {
        if (!config.enabled()) {
            return CompletableFuture.completedFuture(new ArrayList<>());
        }
        CompletableFuture<List<StatusEvent>> events = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                events.complete(eventsOf(taskId));
            } catch (Throwable e) { // never leave the caller waiting, whatever failed
                events.completeExceptionally(e);
            }
        }, clientId);
        reader.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    /** The partition the producer's default partitioner picks for a keyed record. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Whether the events hold one with this id. */
    public static boolean contains(List<StatusEvent> events, String eventId) {
        return find(events, eventId) != null;
    }

    /** The event with this id, or null. */
    public static StatusEvent find(List<StatusEvent> events, String eventId) {
        return events.stream().filter(e -> eventId.equals(e.identity())).findFirst().orElse(null);
    }
}
