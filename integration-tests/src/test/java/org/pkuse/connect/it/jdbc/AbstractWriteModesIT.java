package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.EMPLOYEE;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitRows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.employee;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.execute;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.sinkConfig;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.Wait;

/**
 * insert/upsert/update × pk modes, auto-create types, auto-evolve, tombstone deletes and schemaless JSON, checked on
 * rows and column types. One subclass per database.
 */
abstract class AbstractWriteModesIT {

    private static final AtomicInteger SEQ = new AtomicInteger();

    protected final TargetDatabase db;
    private final List<String> connectors = new ArrayList<>();
    protected String database;
    protected String topic;

    AbstractWriteModesIT(TargetDatabase db) {
        this.db = db;
    }

    /** The column type this database shows for: int, bigint, text, keyvarchar, decimal, date, timestamp, boolean. */
    abstract String expectedType(String kind);

    @BeforeEach
    void freshDatabaseAndTopic() {
        int n = SEQ.incrementAndGet();
        database = "wm_" + db.name() + "_" + n;
        topic = "wm-" + db.name() + "-" + n;
        db.recreate(database);
        connect().createTopic(topic, 1);
    }

    @AfterEach
    void deleteConnectors() {
        connectors.forEach(c -> connect().rest().deleteConnector(c));
    }

    private void run(String name, Map<String, String> config) {
        connectors.add(name);
        connect().rest().createConnector(name, config);
    }

    private String name(String what) {
        return "wm-" + what + "-" + topic;
    }

    @Test
    void upsertByRecordValueCreatesTheTableAndUpdatesRows() throws Exception {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= 3; i++) {
                p.send(topic, 0, employee(i), null);
            }
            p.send(topic, 0, employee(2).put("salary", 99L).put("name", "renamed"), null);
            p.flush();
        }
        run(name("upsert"), c);
        awaitRows(db, database, "emp", 3, Duration.ofSeconds(60));
        Wait.until("row 2 updated", Duration.ofSeconds(30), () -> salaryOf(2) == 99L);
        assertThat(rows(db, database, "SELECT id, name, salary FROM emp ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("name") + ":" + r.get("salary"))
                .containsExactly("1:name-1:1000", "2:renamed:99", "3:name-3:3000");
        assertThat(db.columnType(database, "emp", "id")).isEqualTo(expectedType("int"));
        assertThat(db.columnType(database, "emp", "name")).isEqualTo(expectedType("text"));
        assertThat(db.columnType(database, "emp", "salary")).isEqualTo(expectedType("bigint"));
        assertThat(db.nullable(database, "emp", "id")).isFalse();
        assertThat(db.nullable(database, "emp", "name")).isTrue();
    }

    private long salaryOf(int id) {
        try {
            List<Map<String, Object>> r = rows(db, database, "SELECT salary FROM emp WHERE id = " + id);
            return r.isEmpty() ? -1 : ((Number) r.get(0).get("salary")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void insertWithKafkaCoordinatesAsKey() throws Exception {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("insert.mode", "insert");
        c.put("pk.mode", "kafka");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= 4; i++) {
                p.send(topic, 0, employee(i), null);
            }
            p.flush();
        }
        run(name("kafka"), c);
        awaitRows(db, database, "emp", 4, Duration.ofSeconds(60));
        assertThat(rows(db, database, "SELECT " + db.q("__connect_topic") + " AS t, " + db.q("__connect_partition")
                + " AS p, " + db.q("__connect_offset") + " AS o, id FROM emp ORDER BY 3"))
                .extracting(r -> r.get("t") + ":" + r.get("p") + ":" + r.get("o") + ":" + r.get("id"))
                .containsExactly(topic + ":0:0:1", topic + ":0:1:2", topic + ":0:2:3", topic + ":0:3:4");
        assertThat(db.columnType(database, "emp", "__connect_topic")).isEqualTo(expectedType("keyvarchar"));
        assertThat(db.columnType(database, "emp", "__connect_offset")).isEqualTo(expectedType("bigint"));
    }

    @Test
    void updateByRecordKeyTouchesOnlyExistingRows() throws Exception {
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(50), sex VARCHAR(5), salary BIGINT)",
                "INSERT INTO emp VALUES (1, 'a', 'M', 1), (2, 'b', 'F', 2)");
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("insert.mode", "update");
        c.put("pk.mode", "record_key");
        c.put("pk.fields", "id");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.send(topic, 0, Schema.INT32_SCHEMA, 2, EMPLOYEE, employee(2).put("salary", 222L), null);
            p.send(topic, 0, Schema.INT32_SCHEMA, 3, EMPLOYEE, employee(3), null);
            p.flush();
        }
        run(name("update"), c);
        Wait.until("row 2 updated", Duration.ofSeconds(60), () -> salaryOf(2) == 222L);
        assertThat(rows(db, database, "SELECT id, name, salary FROM emp ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("name") + ":" + r.get("salary"))
                .containsExactly("1:a:1", "2:name-2:222");
    }

    @Test
    void insertWithoutKeyAppendsEveryRecord() throws Exception {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("fields.whitelist", "id,name");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.send(topic, 0, employee(1), null);
            p.send(topic, 0, employee(1), null);
            p.flush();
        }
        run(name("insert"), c);
        awaitRows(db, database, "emp", 2, Duration.ofSeconds(60));
        assertThat(rows(db, database, "SELECT * FROM emp")).allSatisfy(r ->
                assertThat(r.keySet()).containsExactlyInAnyOrder("id", "name"));
    }

    @Test
    void tombstoneDeletesTheRowByRecordKey() throws Exception {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_key");
        c.put("pk.fields", "id");
        c.put("delete.enabled", "true");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= 3; i++) {
                p.send(topic, 0, Schema.INT32_SCHEMA, i, EMPLOYEE, employee(i), null);
            }
            p.send(topic, 0, Schema.INT32_SCHEMA, 2, null, null, null);
            p.send(topic, 0, Schema.INT32_SCHEMA, 4, EMPLOYEE, employee(4), null);
            p.flush();
        }
        run(name("delete"), c);
        Wait.until("row 4 written", Duration.ofSeconds(60), () -> salaryOf(4) == 4000L);
        assertThat(rows(db, database, "SELECT id FROM emp ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1, 3, 4);
    }

    @Test
    void autoEvolveAddsNullableColumns() throws Exception {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        c.put("auto.evolve", "true");
        Schema v2 = SchemaBuilder.struct().name("employee")
                .field("id", Schema.INT32_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("sex", Schema.OPTIONAL_STRING_SCHEMA).field("salary", Schema.OPTIONAL_INT64_SCHEMA)
                .field("age", Schema.INT32_SCHEMA).build();
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.send(topic, 0, employee(1), null);
            p.send(topic, 0, new Struct(v2).put("id", 2).put("name", "n2").put("age", 42), null);
            p.flush();
        }
        run(name("evolve"), c);
        awaitRows(db, database, "emp", 2, Duration.ofSeconds(60));
        assertThat(db.columnType(database, "emp", "age")).isEqualTo(expectedType("int"));
        assertThat(db.nullable(database, "emp", "age")).as("added columns are nullable").isTrue();
        assertThat(rows(db, database, "SELECT id, age FROM emp ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("age")).containsExactly("1:null", "2:42");
    }

    @Test
    void autoCreateChoosesDbaTypes() throws Exception {
        Schema schema = SchemaBuilder.struct().name("typed")
                .field("code", Schema.STRING_SCHEMA)
                .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").build())
                .field("born", Date.SCHEMA)
                .field("seen", Timestamp.SCHEMA)
                .field("active", Schema.BOOLEAN_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Map<String, String> c = sinkConfig(db, database, topic, "typed");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "code");
        java.util.Date born = new java.util.Date(Date.toLogical(Date.SCHEMA, 19_000).getTime());
        java.util.Date seen = new java.util.Date(1_700_000_000_123L);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.send(topic, 0, new Struct(schema).put("code", "A-1").put("amount", new BigDecimal("1234.50"))
                    .put("born", born).put("seen", seen).put("active", true), null);
            p.flush();
        }
        run(name("types"), c);
        awaitRows(db, database, "typed", 1, Duration.ofSeconds(60));
        assertThat(db.columnType(database, "typed", "code")).isEqualTo(expectedType("keyvarchar"));
        assertThat(db.columnType(database, "typed", "amount")).isEqualTo(expectedType("decimal"));
        assertThat(db.columnType(database, "typed", "born")).isEqualTo(expectedType("date"));
        assertThat(db.columnType(database, "typed", "seen")).isEqualTo(expectedType("timestamp"));
        assertThat(db.columnType(database, "typed", "active")).isEqualTo(expectedType("boolean"));
        Map<String, Object> row = rows(db, database, "SELECT CAST(amount AS CHAR(20)) AS a, CAST(born AS CHAR(10)) "
                + "AS b, CAST(seen AS CHAR(30)) AS s FROM typed").get(0);
        assertThat(String.valueOf(row.get("a")).trim()).isEqualTo("1234.50");
        assertThat(String.valueOf(row.get("b")).trim()).isEqualTo("2022-01-08");
        assertThat(String.valueOf(row.get("s"))).startsWith("2023-11-14 22:13:20.123");
    }

    @Test
    void datesAndTimestampsAreWrittenInDbTimezone() throws Exception {
        Schema schema = SchemaBuilder.struct().name("zoned")
                .field("code", Schema.STRING_SCHEMA)
                .field("born", Date.SCHEMA)
                .field("seen", Timestamp.SCHEMA)
                .build();
        Map<String, String> c = sinkConfig(db, database, topic, "zoned");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "code");
        c.put("db.timezone", "Asia/Shanghai");
        java.util.Date born = new java.util.Date(Date.toLogical(Date.SCHEMA, 19_000).getTime());
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.send(topic, 0, new Struct(schema).put("code", "Z-1").put("born", born)
                    .put("seen", new java.util.Date(1_700_000_000_123L)), null);
            p.flush();
        }
        run(name("zoned"), c);
        awaitRows(db, database, "zoned", 1, Duration.ofSeconds(60));
        Map<String, Object> row = rows(db, database, "SELECT CAST(born AS CHAR(10)) AS b, CAST(seen AS CHAR(30)) AS s "
                + "FROM zoned").get(0);
        // 2023-11-14 22:13:20.123 UTC is 2023-11-15 06:13:20.123 in Shanghai; midnight UTC of a date stays that day.
        assertThat(String.valueOf(row.get("s"))).startsWith("2023-11-15 06:13:20.123");
        assertThat(String.valueOf(row.get("b")).trim()).isEqualTo("2022-01-08");
    }

    @Test
    void schemalessJsonIntoAnExistingTable() throws Exception {
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(50), salary BIGINT, hired DATE)");
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer(false)) {
            p.send(topic, 0, null, null, null, Map.of("id", 1, "name", "a", "salary", 10, "hired", "2024-02-29"),
                    null);
            p.send(topic, 0, null, null, null, Map.of("id", 2, "name", "b", "salary", 20000000000L), null);
            p.flush();
        }
        run(name("schemaless"), c);
        awaitRows(db, database, "emp", 2, Duration.ofSeconds(60));
        assertThat(rows(db, database, "SELECT id, name, salary, CAST(hired AS CHAR(10)) AS h FROM emp ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("name") + ":" + r.get("salary") + ":" + r.get("h"))
                .containsExactly("1:a:10:2024-02-29", "2:b:20000000000:null");
    }
}
