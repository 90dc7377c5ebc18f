package org.pkuse.connect.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its beginning with a plain consumer, as a user's console consumer would. For status events,
 * status-client's {@code StatusFeed.readUntil} reads them as pkuse-status does (this module cannot depend on it:
 * status-reporter's own tests use this kit).
 */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Reads records until {@code done} holds for everything read so far, or fails after {@code timeout}; then
     * reads on for {@code settle} to catch records that should not be there (a duplicate, a second 'end').
     */
    public static List<ConsumerRecord<byte[], byte[]>> readUntil(String bootstrapServers, String topic,
                                                                 Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                                 Duration timeout, Duration settle) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pkuse-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            boolean met = false;
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (done.test(records)) {
                    met = true;
                    break;
                }
            }
            if (!met) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s reading topic " + topic
                        + "; read " + records.size() + " record(s)");
            }
            long settleUntil = System.nanoTime() + settle.toNanos();
            while (System.nanoTime() < settleUntil) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads until at least {@code count} records, then {@code settle} more time. */
    public static List<ConsumerRecord<byte[], byte[]>> readAtLeast(String bootstrapServers, String topic, int count,
                                                                   Duration timeout, Duration settle) {
        return readUntil(bootstrapServers, topic, r -> r.size() >= count, timeout, settle);
    }
}
