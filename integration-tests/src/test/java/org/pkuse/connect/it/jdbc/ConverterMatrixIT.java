package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pkuse.connect.localstack.ExampleConfigs;
import org.pkuse.connect.localstack.SchemaRegistry;
import org.pkuse.connect.localstack.WorkerProperties;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.ProcessConnectCluster;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.TopicReader;

/**
 * The converter matrix, on a worker set up as the platform ran it: keys and values through Apicurio's
 * {@code AvroConverter} and a real registry (its own plugin folder in {@code plugin.path}, found with
 * {@code plugin.discovery=hybrid_warn}: its jar has no service file; the settings read from
 * {@code config-examples/worker/connect-avro-distributed.properties}), headers through the default
 * {@code SimpleHeaderConverter}.
 * <ul>
 * <li>A MariaDB table with every logical type we send (DECIMAL, DATE, DATETIME(3), TIME) and Chinese text through our
 * JDBC source and JDBC sink into MariaDB and into PostgreSQL, value by value; the records in Confluent's wire format
 * (magic byte, a 4-byte id that the registry's Confluent API resolves, the datum decoded with that schema as
 * Confluent's deserializer does); one schema version per subject, not one per record.</li>
 * <li>The same table through Avro into HBase with our HBase sink.</li>
 * <li>The seed HBase job through Avro with the job headers through {@code StringConverter}, and as JSON without
 * schemas into a table that exists (connector-level converter overrides).</li>
 * </ul>
 * Each side of every job ends once, with the exact count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConverterMatrixIT {

    private static final String STATUS_TOPIC = "pkuse_status";
    private static final String SOURCE_DB = "avro_src";
    private static final int ROWS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TargetDatabase source = TargetDatabase.mariaDb();
    private SchemaRegistry registry;
    private ProcessConnectCluster connect;

    @BeforeAll
    void start() throws Exception {
        registry = TestKit.registry();
        // The converter settings and plugin discovery of the example worker file, with this registry's address.
        Map<String, String> worker = WorkerProperties.avro(registry.url());
        assertThat(worker).containsEntry("value.converter.apicurio.registry.url", registry.v2Url())
                .containsEntry("plugin.discovery", "hybrid_warn");
        worker.put("plugin.path", ConnectCluster.pluginsDir() + "," + TestKit.converterPluginsDir());
        connect = ProcessConnectCluster.builder().workers(1).workerProps(worker).start();
        connect.createTopic(STATUS_TOPIC, 1);

        source.recreate(SOURCE_DB);
        try (Connection c = source.connect(SOURCE_DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, amount DECIMAL(12,2), day DATE, "
                    + "at DATETIME(3), tm TIME, note VARCHAR(40) CHARACTER SET utf8mb4, paid BOOLEAN)");
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= ROWS; i++) {
                values.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(i * 1000 + 7)
                        .append(".0").append(i % 10).append(", '2021-06-").append(10 + i % 20).append("', ")
                        .append("'2021-06-17 08:").append(10 + i % 50).append(":05.").append(100 + i).append("', ")
                        .append("'10:20:").append(10 + i % 50).append("', ")
                        .append(i % 7 == 0 ? "NULL" : "'订单备注-" + i + "'").append(", ").append(i % 2 == 0)
                        .append(")");
            }
            s.execute("INSERT INTO orders VALUES " + values);
        }
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.close();
        }
    }

    static Stream<String> targets() {
        return Stream.of("mariadb", "postgresql");
    }

    @ParameterizedTest(name = "into {0}")
    @MethodSource("targets")
    void aTableGoesThroughAvroValueByValue(String targetName) throws Exception {
        TargetDatabase target = targetName.equals("mariadb") ? TargetDatabase.mariaDb() : TargetDatabase.postgres();
        String job = "avro-" + targetName;
        String prefix = targetName + "_";
        String topic = prefix + SOURCE_DB + "_orders";
        String targetDb = "avro_dst";
        target.recreate(targetDb);
        connect.createTopic(topic, 1);

        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", "org.pkuse.connect.jdbc.JdbcSinkConnector");
        sink.put("pkuse.connector.name", "avro-sink-" + targetName);
        sink.put("topics", topic);
        sink.put("connection.url", target.connectorUrl(targetDb));
        sink.put("connection.user", target.user());
        sink.put("connection.password", target.password());
        sink.put("table.name.format", target.tableName(targetDb, "orders"));
        sink.put("auto.create", "true");
        sink.put("insert.mode", "upsert");
        sink.put("pk.mode", "record_key");
        sink.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        sink.put("pkuse.task.id", job);
        connect.rest().createConnector("avro-sink-" + targetName, sink);

        Map<String, String> src = sourceConfig("avro-source-" + targetName, prefix, job);
        connect.rest().createConnector("avro-source-" + targetName, src);

        List<StatusEvent> events = JdbcSinkTestSupport.awaitBothEnded(connect.bootstrapServers(), job);
        assertEndedOnce(events, ROWS);
        assertThat(rows(target, targetDb)).isEqualTo(rows(source, SOURCE_DB));
        assertThat(rows(target, targetDb)).hasSize(ROWS).anySatisfy(r -> assertThat(r).contains("订单备注-8"));

        // Confluent's wire format, the schema registered once per subject
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(connect.bootstrapServers(), topic,
                ROWS, Duration.ofSeconds(30), Duration.ZERO);
        assertThat(records).hasSize(ROWS);
        for (boolean key : new boolean[] {true, false}) {
            List<Integer> ids = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                byte[] bytes = key ? r.key() : r.value();
                assertThat(bytes[0]).as("magic byte").isZero();
                ids.add(ByteBuffer.wrap(bytes, 1, 4).getInt());
            }
            assertThat(ids).as("one schema id for every " + (key ? "key" : "value")).containsOnly(ids.get(0));
            JsonNode schema = get(registry.confluentUrl() + "/schemas/ids/" + ids.get(0));
            assertThat(schema.get("schema").asText()).contains(key ? "\"id\"" : "\"decimal\"");
            assertThat(get(registry.confluentUrl() + "/subjects/" + topic + (key ? "-key" : "-value")
                    + "/versions").toString()).isEqualTo("[1]");
        }
        assertThat(records.get(0).headers().lastHeader("taskId").value()).asString().isEqualTo(job);

        // What a Confluent deserializer does: the writer's schema by the id in the bytes, then the datum after them.
        byte[] eighth = records.get(7).value();
        org.apache.avro.Schema writer = new org.apache.avro.Schema.Parser().parse(get(registry.confluentUrl()
                + "/schemas/ids/" + ByteBuffer.wrap(eighth, 1, 4).getInt()).get("schema").asText());
        org.apache.avro.generic.GenericData data = new org.apache.avro.generic.GenericData();
        data.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        org.apache.avro.generic.GenericRecord value = new org.apache.avro.generic.GenericDatumReader<
                org.apache.avro.generic.GenericRecord>(writer, writer, data).read(null,
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(eighth, 5, eighth.length - 5, null));
        assertThat(value.get("id")).isEqualTo(8L);
        assertThat(value.get("amount")).isEqualTo(new BigDecimal("8007.08"));
        assertThat(String.valueOf(value.get("note"))).isEqualTo("订单备注-8");
    }

    /**
     * The seed job (the HBase source's example config, the platform's mapping) through Avro into MariaDB, with both
     * connectors' headers through {@code StringConverter} (a connector-level override): the sink still reads the job
     * headers (text now), and the table holds HBase's rows.
     */
    @Test
    void theSeedHBaseJobGoesThroughAvroWithTextHeaders() throws Exception {
        ConsumerRecord<byte[], byte[]> last = seedJob("text_headers",
                Map.of("header.converter", "org.apache.kafka.connect.storage.StringConverter"), false);
        assertThat(last.value()[0]).as("magic byte").isZero();
        assertThat(new String(last.headers().lastHeader("taskId").value(), StandardCharsets.UTF_8))
                .isEqualTo("avro-seed-text_headers");
        assertThat(new String(last.headers().lastHeader("currentIndex").value(),
                StandardCharsets.UTF_8)).isEqualTo(Integer.toString(EMPLOYEES));
        assertThat(new String(last.headers().lastHeader("isEnd").value(), StandardCharsets.UTF_8))
                .isEqualTo("true");
    }

    /**
     * The seed job with both connectors on {@code JsonConverter} without schemas (a connector-level override of the
     * worker's Avro): bare JSON on the topic, and the sink writes the schemaless maps into a table that exists.
     */
    @Test
    void theSeedHBaseJobGoesAsJsonWithoutSchemasIntoAnExistingTable() throws Exception {
        Map<String, String> json = new LinkedHashMap<>();
        for (String side : List.of("key", "value")) {
            json.put(side + ".converter", "org.apache.kafka.connect.json.JsonConverter");
            json.put(side + ".converter.schemas.enable", "false");
        }
        ConsumerRecord<byte[], byte[]> last = seedJob("schemaless", json, true);
        JsonNode value = JSON.readTree(last.value());
        assertThat(value.has("schema") || value.has("payload")).as("no schema in the record").isFalse();
        long id = value.get("id").asLong();
        assertThat(value.get("salary").asLong()).isEqualTo(3000 + (id * 37) % 50000); // the test kit's employees
    }

    private static final int EMPLOYEES = 120;

    /**
     * Runs the seed job over {@code avro:employee_<variant>} into MariaDB's {@code avro_seed_<variant>.employee}
     * with {@code converters} set on both connectors (created by the sink, or beforehand when {@code existingTable});
     * checks both sides' events and the rows; returns the topic's last record.
     */
    private ConsumerRecord<byte[], byte[]> seedJob(String variant, Map<String, String> converters,
                                                   boolean existingTable) throws Exception {
        HBaseCluster hbase = TestKit.hbase();
        String table = "avro:employee_" + variant;
        hbase.createTable(table, List.of("info"), List.of("3", "6"));
        hbase.generateEmployees(table, "info", 1, EMPLOYEES, false);
        String job = "avro-seed-" + variant;
        String topic = "avro_employee_" + variant;
        String database = "avro_seed_" + variant;
        connect.createTopic(topic, 1);
        TargetDatabase target = TargetDatabase.mariaDb();
        target.recreate(database);
        if (existingTable) {
            try (Connection c = target.connect(database); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE employee (id INT NOT NULL PRIMARY KEY, name VARCHAR(40) CHARACTER SET "
                        + "utf8mb4, sex VARCHAR(2), salary BIGINT)");
            }
        }

        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", "org.pkuse.connect.jdbc.JdbcSinkConnector");
        sink.put("pkuse.connector.name", "sink-" + job);
        sink.put("topics", topic);
        sink.put("connection.url", target.connectorUrl(database));
        sink.put("connection.user", target.user());
        sink.put("connection.password", target.password());
        sink.put("table.name.format", target.tableName(database, "employee"));
        sink.put("auto.create", Boolean.toString(!existingTable));
        sink.put("insert.mode", "upsert");
        sink.put("pk.mode", "record_value");
        sink.put("pk.fields", "id");
        sink.putAll(converters);
        sink.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        sink.put("pkuse.task.id", job);
        connect.rest().createConnector("sink-" + job, sink);

        Map<String, String> src = ExampleConfigs.seedSource(hbase.zkQuorum(),
                hbase.zkPort(), connect.bootstrapServers());
        src.put("pkuse.connector.name", "source-" + job);
        src.put("pkuse.hbase.namespace", "avro");
        src.put("pkuse.hbase.table.name", "employee_" + variant);
        src.putAll(converters);
        src.put("pkuse.task.id", job);
        connect.rest().createConnector("source-" + job, src);

        List<StatusEvent> events = JdbcSinkTestSupport.awaitBothEnded(connect.bootstrapServers(), job);
        assertEndedOnce(events, EMPLOYEES);
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, Map<String, byte[]>> row : hbase.scan(table, Integer.MAX_VALUE).entrySet()) {
            Map<String, byte[]> cells = row.getValue();
            expected.add(Long.parseLong(row.getKey()) + "|" + text(cells, "info:name") + "|" + text(cells, "info:sex")
                    + "|" + Long.parseLong(text(cells, "info:salary")));
        }
        expected.sort(Comparator.comparingLong(r -> Long.parseLong(r.substring(0, r.indexOf('|')))));
        List<String> actual = new ArrayList<>();
        try (Connection c = target.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, sex, salary FROM employee ORDER BY id")) {
            while (rs.next()) {
                actual.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4));
            }
        }
        assertThat(actual).hasSize(EMPLOYEES).isEqualTo(expected);
        return TopicReader.readAtLeast(connect.bootstrapServers(), topic, EMPLOYEES, Duration.ofSeconds(30),
                Duration.ZERO).get(EMPLOYEES - 1);
    }

    /** The other sink: the same MariaDB table through Avro into HBase, cells written as text. */
    @Test
    void aTableGoesThroughAvroIntoHBase() throws Exception {
        HBaseCluster hbase = TestKit.hbase();
        String job = "avro-hbase";
        String topic = "hbase_" + SOURCE_DB + "_orders";
        connect.createTopic(topic, 1);
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", "org.pkuse.connect.hbase.HBaseSinkConnector");
        sink.put("topics", topic);
        sink.put("pkuse.connector.name", "avro-hbase-sink");
        sink.put("pkuse.hbase.ip", hbase.zkQuorum());
        sink.put("pkuse.hbase.port", Integer.toString(hbase.zkPort()));
        sink.put("pkuse.hbase.namespace", "avro");
        sink.put("pkuse.hbase.table.name", "orders");
        sink.put("pkuse.hbase.column.family", "info");
        sink.put("pkuse.hbase.filed.columnsKey", "id");
        sink.put("auto.create", "true");
        sink.put("write.mode", "1");
        sink.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        sink.put("pkuse.task.id", job);
        connect.rest().createConnector("avro-hbase-sink", sink);
        Map<String, String> src = sourceConfig("avro-hbase-source", "hbase_", job);
        connect.rest().createConnector("avro-hbase-source", src);

        List<StatusEvent> events = JdbcSinkTestSupport.awaitBothEnded(connect.bootstrapServers(), job);
        assertEndedOnce(events, ROWS);
        Map<String, Map<String, byte[]>> rows = hbase.scan("avro:orders", Integer.MAX_VALUE);
        assertThat(rows).hasSize(ROWS);
        Map<String, byte[]> eighth = rows.get("8");
        assertThat(text(eighth, "info:amount")).isEqualTo("8007.08");
        assertThat(text(eighth, "info:note")).isEqualTo("订单备注-8");
        assertThat(text(eighth, "info:day")).isEqualTo("2021-06-18");
        assertThat(text(eighth, "info:tm")).isEqualTo("10:20:18"); // a TIME column: refused before (a Date)
        assertThat(eighth).doesNotContainKey("info:id"); // the row key, not also a column
    }

    private Map<String, String> sourceConfig(String name, String prefix, String job) {
        Map<String, String> src = new LinkedHashMap<>();
        src.put("connector.class", "org.pkuse.connect.jdbc.JdbcSourceConnector");
        src.put("pkuse.connector.name", name);
        src.put("connection.url", source.connectorUrl(SOURCE_DB));
        src.put("connection.user", source.user());
        src.put("connection.password", source.password());
        src.put("pkuse.jdbc.table.name", SOURCE_DB + ".orders");
        src.put("pkuse.kafka.topic.prefix", prefix);
        src.put("pkuse.kafka.batch.size", "25");
        src.put("pkuse.datasyntype", "1");
        src.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        src.put("pkuse.task.id", job);
        return src;
    }

    /** Each side sent one 'start' and one 'end' (processing events aside), the end with {@code rows}. */
    private static void assertEndedOnce(List<StatusEvent> events, long rows) {
        for (Side side : Side.values()) {
            assertThat(events.stream().filter(e -> e.side() == side && e.stage() != Stage.PROCESSING)
                    .map(StatusEvent::stage)).as(side + " events; errors: " + events.stream()
                    .filter(e -> e.stage() == Stage.ERROR).map(StatusEvent::description).toList())
                    .containsExactly(Stage.START, Stage.END);
            assertThat(events.stream().filter(e -> e.side() == side && e.stage() == Stage.END).findFirst()
                    .orElseThrow().processed()).isEqualTo(rows);
        }
    }

    private static String text(Map<String, byte[]> cells, String column) {
        return new String(cells.get(column), StandardCharsets.UTF_8);
    }

    /** Every column of every row as text, in id order, so that MariaDB's and PostgreSQL's types compare. */
    private static List<String> rows(TargetDatabase db, String database) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, amount, day, at, tm, note, paid FROM orders ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong("id") + "|" + rs.getBigDecimal("amount").toPlainString() + "|"
                        + rs.getDate("day").toLocalDate() + "|" + rs.getTimestamp("at").toLocalDateTime() + "|"
                        + rs.getTime("tm").toLocalTime() + "|" + rs.getString("note") + "|"
                        + rs.getBoolean("paid"));
            }
        }
        return out;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }


}
