package org.pkuse.connect.it.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.CONNECTOR_CLASS;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.connect;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.f;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.hbase;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.mapping;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pkuse.connect.testkit.ConnectRest;
import org.pkuse.connect.testkit.HBaseCluster;

/** Bad configurations are rejected by PUT /connector-plugins/HBaseSourceConnector/config/validate, naming the key. */
class HBaseSourceValidationIT {

    private static final String SEED_MAPPING = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\","
            + "\"mark\":\"0\",\"ispk\":\"1\",\"limitcondition\":\"\",\"maprule\":\" \",\"columnId\":"
            + "\"adb362c70ab54260a5ca8e3cd562a62c\",\"description\":\"primary key\"},{\"sourceFiled\":\"name\","
            + "\"targetFiled\":\"name\",\"fieldType\":\"string\",\"mark\":\"0\",\"ispk\":\"0\",\"limitcondition\":\"\","
            + "\"maprule\":\" \",\"columnId\":\"fe9aa1f7828a428e926bb76a675f7d78\",\"description\":\"NAME\"},"
            + "{\"sourceFiled\":\"sex\",\"targetFiled\":\"sex\",\"fieldType\":\"string\",\"mark\":\"0\",\"ispk\":\"0\","
            + "\"limitcondition\":\"\",\"maprule\":\" \",\"columnId\":\"fe9aa1f7828a428e926bb76a675f7d78\","
            + "\"description\":\"sex\"},{\"sourceFiled\":\"salary\",\"targetFiled\":\"salary\",\"fieldType\":\"bigint\","
            + "\"mark\":\"0\",\"ispk\":\"0\",\"limitcondition\":\"\",\"maprule\":\" \",\"columnId\":"
            + "\"fe9aa1f7828a428e926bb76a675f7d78\",\"description\":\"salary\"}]";

    @BeforeAll
    static void table() {
        hbase().createTable("default:test_employee01_2021_06_17", "info");
        hbase().generateEmployees("default:test_employee01_2021_06_17", "info", 1, 20, false);
        hbase().createTable("itval:two_families", List.of("a", "b"), List.of());
        hbase().put("itval:two_families", List.of(HBaseCluster.Cell.text("1", "a", "name", "x"),
                HBaseCluster.Cell.text("1", "b", "name", "y"), HBaseCluster.Cell.text("1", "a", "only_a", "z")));
        connect();
    }

    /** The seed contract's example, as the scheduler sends it, with real addresses. */
    static Map<String, String> seed() {
        return HBaseSourceSupport.seedConfig("hbasesource_connector_001", "default", "test_employee01_2021_06_17",
                "100003", SEED_MAPPING);
    }

    /** What a client PUTs to validate: the config with the connector's name. */
    static Map<String, String> named(Map<String, String> config) {
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put("name", "hbasesource_connector_001");
        return c;
    }

    @Test
    void seedExampleValidatesWithoutErrorsAndRuns() {
        ConnectRest.Validation v = connect().rest().validate(CONNECTOR_CLASS, named(seed()));
        assertThat(v.errors()).isEmpty();
        assertThat(v.errorCount()).isZero();

        // POSTed as it is: name + config, runs and sends the 20 rows. The contract's topic and job id are shared with
        // other tests of this JVM (the sink's seed test), so only records after the current end count.
        connect().createTopicIfMissing("default_test_employee01_2021_06_17", 1);
        long before = endOffset("default_test_employee01_2021_06_17");
        ObjectNode body = HBaseSourceSupport.JSON.createObjectNode();
        body.put("name", "hbasesource_connector_001");
        body.set("config", HBaseSourceSupport.JSON.valueToTree(seed()));
        ConnectRest.Response created = connect().rest().createConnector(body);
        try {
            assertThat(created.status()).isEqualTo(201);
            List<HBaseSourceSupport.Row> rows = HBaseSourceSupport.readRows("default_test_employee01_2021_06_17",
                    "100003", rs -> rs.stream().anyMatch(r -> r.isEnd() && r.offset() >= before),
                    Duration.ofSeconds(60), Duration.ofSeconds(2))
                    .stream().filter(r -> r.offset() >= before).collect(java.util.stream.Collectors.toList());
            assertThat(rows).hasSize(20);
            assertThat(rows).allMatch(r -> r.value().has("salary") && r.value().has("sex"));
        } finally {
            HBaseSourceSupport.deleteConnector("hbasesource_connector_001");
        }
    }

    private static long endOffset(String topic) {
        try {
            return connect().kafka().endOffset(new org.apache.kafka.common.TopicPartition(topic, 0));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> badConfigs() {
        String ok = mapping(f("id", "id", "int", "1"), f("name", "name", "string"), f("salary", "salary", "bigint"));
        return Stream.of(
                bad("missing ZooKeeper quorum", "pkuse.hbase.ip", c -> c.remove("pkuse.hbase.ip"), null),
                bad("port not a number", "pkuse.hbase.port", c -> c.put("pkuse.hbase.port", "zk"), null),
                bad("port out of range", "pkuse.hbase.port", c -> c.put("pkuse.hbase.port", "70000"), null),
                bad("missing table", "pkuse.hbase.table.name", c -> c.remove("pkuse.hbase.table.name"), null),
                bad("missing job id", "pkuse.task.id", c -> c.put("pkuse.task.id", ""), null),
                bad("mapping not JSON", "pkuse.hbase.filed.mapping",
                        c -> c.put("pkuse.hbase.filed.mapping", "[{\"sourceFiled\":"), "not valid JSON"),
                bad("mapping unknown type", "pkuse.hbase.filed.mapping",
                        c -> c.put("pkuse.hbase.filed.mapping", mapping(f("id", "id", "int", "1"),
                                f("name", "name", "money"))), "[1].fieldType"),
                bad("mapping without targetFiled", "pkuse.hbase.filed.mapping",
                        c -> c.put("pkuse.hbase.filed.mapping", "[{\"sourceFiled\":\"name\",\"fieldType\":\"string\"}]"),
                        "[0].targetFiled"),
                bad("malformed limitcondition", "pkuse.hbase.filed.mapping",
                        c -> c.put("pkuse.hbase.filed.mapping", mapping(f("id", "id", "int", "1"),
                                f("name", "name", "string"), f("salary", "salary", "bigint", "0", "> lots"))),
                        "[2].limitcondition"),
                bad("unknown maprule", "pkuse.hbase.filed.mapping",
                        c -> c.put("pkuse.hbase.filed.mapping", mapping(f("id", "id", "int", "1"),
                                f("name", "name", "string", "0", "", "shout"))), "[1].maprule"),
                bad("sync type 3", "pkuse.datasyntype", c -> c.put("pkuse.datasyntype", "3"), null),
                bad("columnsKey names no field", "pkuse.hbase.filed.columnsKey",
                        c -> c.put("pkuse.hbase.filed.columnsKey", "rowid"), "rowid"),
                bad("increment field names no field", "pkuse.incrementreadfields", c -> {
                    c.put("pkuse.datasyntype", "2");
                    c.put("pkuse.incrementreadfields", "updated_at");
                }, "updated_at"),
                bad("last increment value not of the field's type", "pkuse.lastincrementvalue", c -> {
                    c.put("pkuse.datasyntype", "2");
                    c.put("pkuse.incrementreadfields", "salary");
                    c.put("pkuse.lastincrementvalue", "yesterday");
                }, "yesterday"),
                bad("last increment value not a timestamp", "pkuse.lastincrementvalue", c -> {
                    c.put("pkuse.datasyntype", "incremental");
                    c.put("pkuse.lastincrementvalue", "last tuesday");
                }, "epoch milliseconds"),
                bad("hasbigfield not an array", "pkuse.hasbigfield", c -> c.put("pkuse.hasbigfield", "[\"a\",]x-y"),
                        null),
                bad("batch size 0", "pkuse.kafka.batch.size", c -> c.put("pkuse.kafka.batch.size", "0"), null),
                bad("unknown value encoding", "pkuse.hbase.value.encoding",
                        c -> c.put("pkuse.hbase.value.encoding", "hex"), null),
                bad("bad cron", "pkuse.schedule.cron", c -> c.put("pkuse.schedule.cron", "every day"), "5"),
                bad("empty row-key range", "pkuse.hbase.rowkey.start", c -> {
                    c.put("pkuse.hbase.rowkey.start", "9");
                    c.put("pkuse.hbase.rowkey.stop", "1");
                }, "empty"),
                bad("column in no family", "pkuse.hbase.filed.mapping",
                        c -> c.put("pkuse.hbase.filed.mapping", mapping(f("id", "id", "int", "1"),
                                f("nickname", "nickname", "string"))), "nickname"),
                bad("unknown family", "pkuse.hbase.filed.mapping",
                        c -> c.put("pkuse.hbase.filed.mapping", mapping(f("id", "id", "int", "1"),
                                f("extra:name", "name", "string"))), "no family 'extra'"),
                bad("ambiguous bare qualifier", "pkuse.hbase.filed.mapping", c -> {
                    c.put("pkuse.hbase.namespace", "itval");
                    c.put("pkuse.hbase.table.name", "two_families");
                    c.put("pkuse.hbase.filed.mapping", mapping(f("id", "id", "int", "1"), f("name", "name", "string"),
                            f("only_a", "only_a", "string")));
                }, "ambiguous"),
                bad("non-existent table", "pkuse.hbase.table.name",
                        c -> c.put("pkuse.hbase.table.name", "no_such_table"), "does not exist"),
                bad("typo in a pkuse key", "pkuse.datasyntyp", c -> c.put("pkuse.datasyntyp", "2"),
                        "did you mean 'pkuse.datasyntype'?"),
                bad("status producer setting outside the allow-list", "pkuse.status.producer.acks",
                        c -> c.put("pkuse.status.producer.acks", "0"), "delivery settings are fixed"));
    }

    private static Arguments bad(String what, String key, Consumer<Map<String, String>> change, String message) {
        return Arguments.of(what, key, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigIsRejectedNamingTheKey(String what, String key, Consumer<Map<String, String>> change,
                                         String message) {
        Map<String, String> config = new LinkedHashMap<>(seed());
        change.accept(config);
        long started = System.nanoTime();
        ConnectRest.Validation v = connect().rest().validate(CONNECTOR_CLASS, named(config));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(v.errors()).as(what).containsKey(key);
        if (message != null) {
            assertThat(String.join(" | ", v.errors().get(key))).as(what).contains(message);
        }
    }

    @Test
    void unreachableZooKeeperFailsClearlyAndFast() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> config = new LinkedHashMap<>(seed());
        config.put("pkuse.hbase.ip", "127.0.0.1");
        config.put("pkuse.hbase.port", Integer.toString(closedPort));
        config.put("pkuse.hbase.validate.timeout.ms", "10000");
        long started = System.nanoTime();
        ConnectRest.Validation v = connect().rest().validate(CONNECTOR_CLASS, named(config));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(Duration.ofSeconds(25));
        assertThat(v.errors()).containsKey("pkuse.hbase.ip");
        assertThat(String.join(" ", v.errors().get("pkuse.hbase.ip"))).contains("127.0.0.1:" + closedPort);

        // and POST /connectors refuses it with the same message
        ObjectNode body = HBaseSourceSupport.JSON.createObjectNode();
        body.put("name", "hbase-unreachable");
        body.set("config", HBaseSourceSupport.JSON.valueToTree(config));
        ConnectRest.Response r = connect().rest().createConnector(body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().toString()).contains("pkuse.hbase.ip");
    }

    @Test
    void nonExistentTableIsRefusedAtCreation() {
        Map<String, String> config = new LinkedHashMap<>(seed());
        config.put("pkuse.hbase.table.name", "missing_table");
        ObjectNode body = HBaseSourceSupport.JSON.createObjectNode();
        body.put("name", "hbase-missing-table");
        body.set("config", HBaseSourceSupport.JSON.valueToTree(config));
        long started = System.nanoTime();
        ConnectRest.Response r = connect().rest().createConnector(body);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(r.status()).isEqualTo(400);
        JsonNode message = r.body().path("message");
        assertThat(message.asText()).contains("missing_table").contains("does not exist");
    }
}
