package org.pkuse.connect.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.pkuse.connect.testkit.TopicReader;

/** Whether the framework's ceiling moved records of our JDBC source's shape: one record of each, side by side. */
final class ShapeCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ShapeCheck() {
    }

    /**
     * The first record on our topic beside the one the generating source builds for the same id, both through the
     * workers' JsonConverter: the same key, value (schemas and values) and header names, so that the framework's
     * ceiling moved records of our source's shape. A difference is reported, not fatal.
     */
    static void compare(String bootstrapServers, String topic, String table) throws Exception {
        ConsumerRecord<byte[], byte[]> r = TopicReader.readAtLeast(bootstrapServers, topic, 1,
                Duration.ofSeconds(30), Duration.ZERO).get(0);
        JsonNode key = JSON.readTree(r.key());
        JsonNode value = JSON.readTree(r.value());
        long id = key.path("payload").path("right_id").asLong();
        Schema keySchema = OrderRows.keySchema(table);
        Schema valueSchema = OrderRows.valueSchema(table);
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true", "converter.type", "key"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true", "converter.type", "value"), false);
        JsonNode expectedKey = JSON.readTree(keys.fromConnectData(topic, keySchema, OrderRows.key(keySchema, id)));
        JsonNode expectedValue = JSON.readTree(values.fromConnectData(topic, valueSchema,
                OrderRows.value(valueSchema, id)));
        List<String> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(h.key());
        }
        List<String> differences = new ArrayList<>();
        if (!key.equals(expectedKey)) {
            differences.add("key " + key + " vs " + expectedKey);
        }
        if (!value.equals(expectedValue)) {
            differences.add("value " + value + " vs " + expectedValue);
        }
        if (!headers.equals(List.of("taskId", "predictedTotal", "currentIndex", "isEnd"))) {
            differences.add("headers " + headers);
        }
        if (differences.isEmpty()) {
            System.out.printf("    record of right_id %d (%,d bytes of value, %,d of key): the generating source "
                    + "builds the same key, value and headers%n", id, r.value().length, r.key().length);
        } else {
            System.out.println("    WARNING: our record of right_id " + id + " differs from the generating "
                    + "source's (ours vs generated): " + String.join("; ", differences));
        }
    }
}
