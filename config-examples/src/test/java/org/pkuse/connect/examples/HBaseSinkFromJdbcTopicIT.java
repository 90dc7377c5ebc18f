package org.pkuse.connect.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;

/**
 * {@code hbasesink_from_jdbc_topic.json} POSTed as it stands (addresses pointed at the test kit) on the records a JDBC
 * source of {@code myprj_online.main_orderinfo} produces (a struct per row, the worker's JsonConverter with schemas,
 * the four job headers as strings): the rows land in HBase keyed by {@code right_id}, in the families the mapping
 * names, and the sink ends the job once with the exact count.
 */
class HBaseSinkFromJdbcTopicIT {

    private static final String FILE = "hbasesink_from_jdbc_topic.json";
    private static final String TOPIC = "myprj_online_main_orderinfo";
    private static final String TABLE = "default:main_orderinfo";
    private static final String JOB = "100008";

    /** What a JDBC source makes of the MySQL table: BIGINT, VARCHAR, INT, DECIMAL(12,2), DATETIME (nullable). */
    private static final Schema ROW = SchemaBuilder.struct().name("main_orderinfo")
            .field("right_id", Schema.INT64_SCHEMA)
            .field("order_no", Schema.OPTIONAL_STRING_SCHEMA)
            .field("user_id", Schema.OPTIONAL_INT64_SCHEMA)
            .field("order_status", Schema.OPTIONAL_INT32_SCHEMA)
            .field("order_amount", Decimal.builder(2).optional().build())
            .field("pay_time", Timestamp.builder().optional().build())
            .field("create_time", Timestamp.SCHEMA)
            .build();

    @AfterEach
    void deleteConnector() {
        TestKit.connect().rest().deleteConnector(ExampleConfigs.read(FILE).path("name").asText());
    }

    @Test
    void rowsOfAJdbcTopicLandInHBaseKeyedByRightIdAndTheJobEndsOnce() throws Exception {
        ConnectCluster connect = TestKit.connect();
        HBaseCluster hbase = TestKit.hbase();
        connect.createTopicIfMissing("pkuse_status", 1);
        connect.createTopicIfMissing(TOPIC, 1);
        List<Struct> rows = List.of(
                row(1001L, "SO-20240501-0001", 77L, 2, "99.50", "2024-05-01T08:31:02Z", "2024-05-01T08:30:00Z"),
                row(1002L, "SO-20240501-0002", 78L, 0, "1280.00", null, "2024-05-01T09:00:00.250Z"),
                row(1003L, "订单-0003", 77L, 1, "0.01", "2024-05-02T00:00:00Z", "2024-05-01T23:59:59Z"));
        produce(connect.bootstrapServers(), rows);

        ObjectNode request = ExampleConfigs.localize(ExampleConfigs.read(FILE), new ExampleConfigs.Addresses(
                hbase.zkQuorum(), hbase.zkPort(), connect.bootstrapServers(), null, null));
        assertThat(connect.rest().createConnector(request).status()).as(FILE).isEqualTo(201);

        List<JsonNode> sink = sinkEvents(connect.bootstrapServers(), Duration.ofMinutes(2), Duration.ofSeconds(5));
        assertThat(sink).as("sink events").isNotEmpty();
        assertThat(sink).extracting(e -> e.path("stage").asText()).doesNotContain("error");
        assertThat(sink).filteredOn(e -> e.path("stage").asText().equals("start")).hasSize(1);
        assertThat(sink).filteredOn(e -> e.path("stage").asText().equals("end")).hasSize(1);
        JsonNode end = sink.get(sink.size() - 1);
        assertThat(end.path("stage").asText()).as("nothing after the end").isEqualTo("end");
        assertThat(end.path("processed").asLong()).isEqualTo(3L);
        assertThat(end.path("connectorName").asText()).isEqualTo("hbasesink_from_jdbc_topic");
        assertThat(end.path("dataTopicName").asText()).isEqualTo(TOPIC);

        SortedMap<String, Map<String, String>> copied = text(hbase.scan(TABLE, 100));
        assertThat(copied).containsOnlyKeys("1001", "1002", "1003");
        assertThat(copied.get("1001")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "base:right_id", "1001", "base:order_no", "SO-20240501-0001", "base:user_id", "77",
                "base:order_status", "2", "pay:order_amount", "99.50", "pay:pay_time", "2024-05-01 08:31:02",
                "base:create_time", "2024-05-01 08:30:00"));
        // A null column is not written (pkuse.hbase.null.mode=skip); millis are kept.
        assertThat(copied.get("1002")).doesNotContainKey("pay:pay_time")
                .containsEntry("pay:order_amount", "1280.00")
                .containsEntry("base:create_time", "2024-05-01 09:00:00.250");
        assertThat(copied.get("1003")).containsEntry("base:order_no", "订单-0003");
    }

    private static Struct row(long rightId, String orderNo, long userId, int status, String amount, String payTime,
                              String createTime) {
        return new Struct(ROW).put("right_id", rightId).put("order_no", orderNo).put("user_id", userId)
                .put("order_status", status).put("order_amount", new BigDecimal(amount))
                .put("pay_time", payTime == null ? null : Date.from(Instant.parse(payTime)))
                .put("create_time", Date.from(Instant.parse(createTime)));
    }

    /** The rows as the worker's converters write them: JsonConverter with schemas, headers as strings. */
    private static void produce(String bootstrap, List<Struct> rows) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < rows.size(); i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("taskId", utf8(JOB));
                headers.add("predictedTotal", utf8(Integer.toString(rows.size())));
                headers.add("currentIndex", utf8(Integer.toString(i + 1)));
                headers.add("isEnd", utf8(Boolean.toString(i == rows.size() - 1)));
                producer.send(new ProducerRecord<>(TOPIC, null, (byte[]) null,
                        converter.fromConnectData(TOPIC, ROW, rows.get(i)), headers));
            }
            producer.flush();
        }
    }

    /** The job's sink events, read until its 'end' or 'error' and then {@code settle} longer for a duplicate. */
    private static List<JsonNode> sinkEvents(String bootstrap, Duration timeout, Duration settle) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(new TopicPartition("pkuse_status", 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode e = json.readTree(r.value());
                    if (JOB.equals(e.path("taskId").asText()) && "sink".equals(e.path("side").asText())) {
                        events.add(e);
                        String stage = e.path("stage").asText();
                        if ((stage.equals("end") || stage.equals("error")) && settleUntil == Long.MAX_VALUE) {
                            settleUntil = System.nanoTime() + settle.toNanos();
                        }
                    }
                }
            }
        }
        return events;
    }

    private static SortedMap<String, Map<String, String>> text(SortedMap<String, Map<String, byte[]>> rows) {
        SortedMap<String, Map<String, String>> out = new TreeMap<>();
        rows.forEach((row, cells) -> {
            Map<String, String> values = new TreeMap<>();
            cells.forEach((column, value) -> values.put(column, new String(value, StandardCharsets.UTF_8)));
            out.put(row, values);
        });
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
