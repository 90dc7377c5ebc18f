package org.pkuse.connect.status.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;

/**
 * Reads status events with a group-less consumer assigned to every partition of the status topic, from its
 * beginning or from the moment it opens. Records that are not status events are skipped.
 */
public final class StatusFeed implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private Map<TopicPartition, Long> endOffsets;

    /** A feed whose consumer also gets the client settings of {@code commandConfig} (may be null), as Kafka's tools. */
    public StatusFeed(String bootstrapServers, Path commandConfig, String topic, boolean fromBeginning,
                      Duration metadataTimeout) throws IOException {
        this(bootstrapServers, clientSettings(commandConfig), topic, fromBeginning, metadataTimeout);
    }

    /** A feed whose consumer also gets {@code clientSettings} (security, {@code isolation.level}, ...). */
    public StatusFeed(String bootstrapServers, Map<String, Object> clientSettings, String topic, boolean fromBeginning,
                      Duration metadataTimeout) {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pkuse-status-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) metadataTimeout.toMillis());
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> infos = consumer.partitionsFor(topic, metadataTimeout);
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("Status topic '" + topic + "' does not exist at " + bootstrapServers);
        }
        this.partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            // Seeks are lazy: fix "now" here, or events sent before the first poll would be missed.
            partitions.forEach(consumer::position);
        }
    }

    private static Map<String, Object> clientSettings(Path commandConfig) throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(commandConfig)) {
                file.load(in);
            }
            file.forEach((k, v) -> settings.put(k.toString(), v));
        }
        return settings;
    }

    /** Events that arrived within {@code timeout}; records that are not status events are skipped. */
    public List<StatusEvent> poll(Duration timeout) {
        List<StatusEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            try {
                events.add(StatusEventCodec.fromJson(record.value()));
            } catch (RuntimeException e) {
                // not ours: another producer wrote to the topic
            }
        }
        return events;
    }

    /**
     * Reads until {@code done} holds for every event read so far, then on for {@code settle} to catch events that
     * should not be there (a duplicate, a second 'end').
     *
     * @throws IllegalStateException when {@code done} does not hold within {@code timeout}
     */
    public List<StatusEvent> readUntil(Predicate<List<StatusEvent>> done, Duration timeout, Duration settle) {
        List<StatusEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(events)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s reading "
                        + partitions.get(0).topic() + "; read " + events.size() + " status event(s)");
            }
            events.addAll(poll(Duration.ofMillis(200)));
        }
        long settleUntil = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < settleUntil) {
            events.addAll(poll(Duration.ofMillis(200)));
        }
        return events;
    }

    /** True once everything that was on the topic when first asked has been read. */
    public boolean caughtUp() {
        if (endOffsets == null) {
            endOffsets = consumer.endOffsets(partitions);
        }
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < endOffsets.get(p)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
