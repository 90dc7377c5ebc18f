package org.pkuse.connect.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code id} of the last record of each partition of a topic our source wrote, read from the record keys (a
 * struct of one int32 {@code id}): a sink has written every row once these are in the table ({@link TableWatch}).
 */
final class LastIds {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LastIds() {
    }

    static long[] of(String bootstrapServers, String topic, RecordFormat format) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<Long> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                if (end == 0) {
                    continue;
                }
                consumer.assign(List.of(tp));
                consumer.seek(tp, end - 1);
                ConsumerRecord<byte[], byte[]> last = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (last == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        last = r;
                    }
                }
                if (last == null) {
                    throw new IllegalStateException("no record at offset " + (end - 1) + " of " + tp);
                }
                ids.add(id(last.key(), format));
            }
        }
        // A key lives in one partition: the partitions' last records have different ids, or the decoding is wrong
        // (and TableWatch would see "every last id" at the first row).
        if (ids.stream().distinct().count() != ids.size()) {
            throw new IllegalStateException("the last records of " + topic + "'s partitions have ids " + ids
                    + ": keys not decoded right");
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * JSON: {@code payload.id}. Avro: magic byte 0 and a 4-byte schema id, then the key struct's one field, an
     * optional int: the union's branch (1: not null) and the int, each a zig-zag varint.
     */
    static long id(byte[] key, RecordFormat format) {
        if (format == RecordFormat.JSON) {
            try {
                return JSON.readTree(new String(key, StandardCharsets.UTF_8)).path("payload").path("id").asLong();
            } catch (Exception e) {
                throw new IllegalStateException("not a JsonConverter key with schema", e);
            }
        }
        if (key.length < 7 || key[0] != 0) {
            throw new IllegalStateException("not a Confluent-framed Avro key (" + key.length + " bytes)");
        }
        int[] at = {5};
        long branch = zigZag(key, at);
        if (branch != 1) {
            throw new IllegalStateException("Avro key: union branch " + branch + ", expected 1 (a non-null id)");
        }
        return zigZag(key, at);
    }

    private static long zigZag(byte[] bytes, int[] at) {
        long raw = 0;
        int shift = 0;
        while (at[0] < bytes.length) {
            byte b = bytes[at[0]++];
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
            shift += 7;
        }
        throw new IllegalStateException("Avro key: a varint runs past the end");
    }
}
