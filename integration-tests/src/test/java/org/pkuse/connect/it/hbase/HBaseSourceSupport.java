package org.pkuse.connect.it.hbase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.TopicReader;

/** Shared helpers of the HBase source integration tests: configs as the scheduler sends them, and read-back. */
final class HBaseSourceSupport {

    static final String CONNECTOR_CLASS = "org.pkuse.connect.hbase.HBaseSourceConnector";
    static final String STATUS_TOPIC = "pkuse_status";
    static final ObjectMapper JSON = new ObjectMapper();

    private HBaseSourceSupport() {
    }

    static ConnectCluster connect() {
        ConnectCluster connect = TestKit.connect();
        connect.createTopicIfMissing(STATUS_TOPIC, 1);
        return connect;
    }

    static HBaseCluster hbase() {
        return TestKit.hbase();
    }

    /** The seed contract's config, with real addresses and the given table, job and mapping. */
    static Map<String, String> seedConfig(String name, String namespace, String table, String taskId,
                                          String mapping) {
        Map<String, String> c = ExampleConfigs.seedSource(hbase().zkQuorum(), hbase().zkPort(),
                connect().bootstrapServers());
        c.put("tasks.max", "1");
        c.put("pkuse.connector.name", name);
        c.put("pkuse.hbase.table.name", table);
        c.put("pkuse.hbase.namespace", namespace);
        c.put("pkuse.hbase.filed.mapping", mapping);
        c.put("pkuse.task.id", taskId);
        return c;
    }

    /** Builds a mapping JSON array: each field is {source, target, type[, ispk[, limitcondition[, maprule]]]}. */
    static String mapping(String[]... fields) {
        ArrayNode array = JSON.createArrayNode();
        for (String[] f : fields) {
            ObjectNode o = array.addObject();
            o.put("sourceFiled", f[0]).put("targetFiled", f[1]).put("fieldType", f[2]).put("mark", "0")
                    .put("ispk", f.length > 3 ? f[3] : "0").put("limitcondition", f.length > 4 ? f[4] : "")
                    .put("maprule", f.length > 5 ? f[5] : " ").put("columnId", "c" + f[1]).put("description", f[1]);
        }
        return array.toString();
    }

    static String[] f(String... parts) {
        return parts;
    }

    /** One data record as a user sees it: key, value (JsonConverter envelopes) and the four headers as text. */
    record Row(String key, JsonNode keySchema, JsonNode keyPayload, JsonNode schema, JsonNode value,
               Map<String, String> headers, long offset, int partition) {

        String taskId() {
            return headers.get("taskId");
        }

        long index() {
            return Long.parseLong(headers.get("currentIndex"));
        }

        long predictedTotal() {
            return Long.parseLong(headers.get("predictedTotal"));
        }

        boolean isEnd() {
            return Boolean.parseBoolean(headers.getOrDefault("isEnd", "false"));
        }

        String text(String field) {
            JsonNode v = value.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }

        /** A Decimal field: JsonConverter writes the unscaled value as base64 bytes, the scale in the schema. */
        BigDecimal decimal(String field) {
            JsonNode v = value.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            for (JsonNode f : schema.path("fields")) {
                if (f.path("field").asText().equals(field)) {
                    int scale = f.path("parameters").path("scale").asInt();
                    return new BigDecimal(new BigInteger(Base64.getDecoder().decode(v.asText())), scale);
                }
            }
            throw new AssertionError("no field " + field);
        }

        JsonNode fieldSchema(String field) {
            for (JsonNode f : schema.path("fields")) {
                if (f.path("field").asText().equals(field)) {
                    return f;
                }
            }
            throw new AssertionError("no field " + field + " in " + schema);
        }
    }

    static Row row(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode key = r.key() == null ? null : JSON.readTree(r.key());
            // the empty-run marker has no value
            JsonNode value = r.value() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                    : JSON.readTree(r.value());
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            return new Row(key == null ? null : key.toString(), key == null ? null : key.path("schema"),
                    key == null ? null : key.path("payload"), value.path("schema"), value.path("payload"), headers,
                    r.offset(), r.partition());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the data topic until {@code done} holds for the rows of {@code taskId}, then a settle time. */
    static List<Row> readRows(String topic, String taskId, Predicate<List<Row>> done, Duration timeout,
                              Duration settle) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(connect().bootstrapServers(), topic,
                rs -> done.test(ofTask(rs, taskId)), timeout, settle);
        return ofTask(records, taskId);
    }

    private static List<Row> ofTask(List<ConsumerRecord<byte[], byte[]>> records, String taskId) {
        List<Row> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Row row = row(r);
            if (taskId == null || taskId.equals(row.taskId())) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Rows until one with isEnd arrived. */
    static List<Row> readRun(String topic, String taskId, Duration timeout) {
        return readRows(topic, taskId, rs -> rs.stream().anyMatch(Row::isEnd), timeout, Duration.ofSeconds(2));
    }

    static List<Row> byIndex(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(Row::index));
        return sorted;
    }

    /** Status events of a job, in topic order. */
    static List<StatusEvent> events(String taskId, Predicate<List<StatusEvent>> done, Duration timeout,
                                    Duration settle) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(connect().bootstrapServers(),
                STATUS_TOPIC, rs -> done.test(eventsOf(rs, taskId)), timeout, settle);
        return eventsOf(records, taskId);
    }

    private static List<StatusEvent> eventsOf(List<ConsumerRecord<byte[], byte[]>> records, String taskId) {
        List<StatusEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StatusEvent e = StatusEventCodec.fromJson(r.value());
            if (taskId.equals(e.taskId())) {
                out.add(e);
            }
        }
        return out;
    }

    static boolean hasTerminal(List<StatusEvent> events) {
        return events.stream().anyMatch(e -> e.stage().wireName().equals("end") || e.stage().wireName().equals("error"));
    }

    static List<String> stages(List<StatusEvent> events) {
        return events.stream().map(e -> e.stage().wireName()).filter(s -> !s.equals("processing")).toList();
    }

    static void createConnector(String name, Map<String, String> config) {
        connect().rest().createConnector(name, config);
    }

    static void deleteConnector(String name) {
        try {
            connect().rest().deleteConnector(name);
        } catch (RuntimeException e) {
            // best effort
        }
    }
}
