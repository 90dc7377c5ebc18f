package org.pkuse.connect.status.cli;

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

/** Reads status events with a group-less consumer assigned to every partition of the status topic. */
public final class StatusFeed implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private Map<TopicPartition, Long> endOffsets;

    public StatusFeed(String bootstrapServers, Path commandConfig, String topic, boolean fromBeginning,
               Duration metadataTimeout) throws IOException {
        Map<String, Object> props = new HashMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(commandConfig)) {
                file.load(in);
            }
            file.forEach((k, v) -> props.put(k.toString(), v));
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pkuse-status-cli-" + UUID.randomUUID());
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
        }
    }

    /** Events that arrived within {@code timeout}; lines that are not status events are skipped. */
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
