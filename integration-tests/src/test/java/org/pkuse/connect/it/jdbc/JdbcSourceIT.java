package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.execute;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;
import org.pkuse.connect.testkit.TopicReader;

/**
 * MariaDB to MariaDB through Kafka with our JDBC source and JDBC sink, as the scheduler runs a job (the seed
 * config, jdbc:mysql: URL): the target's rows equal the source's value by value, and each side sends one 'start'
 * and one 'end' with the exact count; the source's 'end' carries the next increment value; a second run started
 * from it sends only the rows added since, one of them committed late by a transaction open at the run's start; a
 * third run with nothing new ends both sides with 0.
 */
class JdbcSourceIT {

    private static final String SOURCE = "jdbcsource-e2e";
    private static final String SINK = "jdbcsink-e2e";
    private static final String SOURCE_DB = "myprj_online";
    private static final String TARGET_DB = "myprj_query";
    private static final String TOPIC = "myprj_online_main_orderinfo";

    private final TargetDatabase db = TargetDatabase.mariaDb();

    @AfterEach
    void cleanUp() {
        for (String name : List.of(SOURCE, SINK)) {
            try {
                connect().rest().deleteConnector(name);
            } catch (RuntimeException e) {
                // not created
            }
        }
    }

    private Map<String, String> sourceConfig(String job, String last) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "org.pkuse.connect.jdbc.JdbcSourceConnector");
        c.put("pkuse.connector.name", SOURCE);
        c.put("connection.url", db.connectorUrl(SOURCE_DB) + (db.connectorUrl(SOURCE_DB).contains("?") ? "&" : "?")
                + "useUnicode=true&characterEncoding=utf-8&useSSL=false");
        c.put("connection.user", db.user());
        c.put("connection.password", db.password());
        c.put("pkuse.jdbc.table.name", SOURCE_DB + ".main_orderinfo");
        c.put("pkuse.kafka.topic.prefix", "");
        c.put("pkuse.kafka.batch.size", "200");
        c.put("pkuse.datasyntype", "2");
        c.put("pkuse.incrementreadfields", "right_id");
        c.put("pkuse.lastincrementvalue", last);
        c.put("org.pkuse.kafka.broker", connect().bootstrapServers());
        c.put("pkuse.task.id", job);
        return c;
    }

    private Map<String, String> sinkConfig(String job) {
        Map<String, String> c = JdbcSinkTestSupport.sinkConfig(db, TARGET_DB, TOPIC, "main_orderinfo");
        c.put("pkuse.connector.name", SINK);
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_key");
        c.put("pkuse.task.id", job);
        return c;
    }

    private static String insert(int i) {
        return "INSERT INTO main_orderinfo (right_id, order_no, amount, created, note, paid) VALUES (" + i + ", 'NO-"
                + i + "', " + i + ".25, '2021-06-17 08:00:0" + (i % 10) + "', '订单备注" + i + "', " + (i % 3 == 0)
                + ")";
    }

    private void insertOrders(int from, int to) throws Exception {
        List<String> sql = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            sql.add(insert(i));
        }
        execute(db, SOURCE_DB, sql.toArray(String[]::new));
    }



    private static List<Stage> stages(List<StatusEvent> events, Side side) {
        return events.stream().filter(e -> e.side() == side && e.stage() != Stage.PROCESSING)
                .map(StatusEvent::stage).toList();
    }

    private static StatusEvent end(List<StatusEvent> events, Side side) {
        return events.stream().filter(e -> e.side() == side && e.stage() == Stage.END).findFirst().orElseThrow();
    }

    @Test
    void aTableGoesIntoAnotherDatabaseValueByValueAndTheNextRunsSendOnlyNewRowsLateCommitsIncluded() throws Exception {
        db.recreate(SOURCE_DB);
        db.recreate(TARGET_DB);
        execute(db, SOURCE_DB, "CREATE TABLE main_orderinfo (right_id BIGINT NOT NULL PRIMARY KEY, "
                + "order_no VARCHAR(32) NOT NULL, amount DECIMAL(12,2), created DATETIME, "
                + "note VARCHAR(100) CHARACTER SET utf8mb4, paid BOOLEAN)");
        insertOrders(1, 450);
        connect().createTopicIfMissing(TOPIC, 1);

        connect().rest().createConnector(SINK, sinkConfig("100007"));
        connect().rest().createConnector(SOURCE, sourceConfig("100007", ""));
        List<StatusEvent> first = JdbcSinkTestSupport.awaitBothEnded(connect().bootstrapServers(), "100007");

        assertThat(stages(first, Side.SOURCE)).containsExactly(Stage.START, Stage.END);
        assertThat(stages(first, Side.SINK)).containsExactly(Stage.START, Stage.END);
        assertThat(end(first, Side.SOURCE).processed()).isEqualTo(450);
        assertThat(end(first, Side.SINK).processed()).isEqualTo(450);
        assertThat(end(first, Side.SOURCE).nextIncrementValue()).isEqualTo("450");
        String columns = "right_id, order_no, amount, created, note, paid";
        assertThat(rows(db, TARGET_DB, "SELECT " + columns + " FROM main_orderinfo ORDER BY right_id"))
                .isEqualTo(rows(db, SOURCE_DB, "SELECT " + columns + " FROM main_orderinfo ORDER BY right_id"));
        Map<String, Object> row7 = rows(db, TARGET_DB, "SELECT amount, note FROM main_orderinfo WHERE right_id = 7")
                .get(0);
        assertThat(row7.get("amount")).isEqualTo(new BigDecimal("7.25"));
        assertThat(row7.get("note")).isEqualTo("订单备注7");

        // The scheduler's next run: new job id, from the value the first 'end' carried. Row 455 is written by a
        // transaction still open when the run starts, and committed after its other rows: the run waits for it.
        connect().rest().deleteConnector(SOURCE);
        connect().rest().deleteConnector(SINK);
        try (Connection held = db.connect(SOURCE_DB); Statement h = held.createStatement()) {
            held.setAutoCommit(false);
            h.execute(insert(455));
            List<String> others = new ArrayList<>();
            for (int i = 451; i <= 470; i++) {
                if (i != 455) {
                    others.add(insert(i));
                }
            }
            execute(db, SOURCE_DB, others.toArray(String[]::new));
            connect().rest().createConnector(SINK, sinkConfig("100008"));
            connect().rest().createConnector(SOURCE, sourceConfig("100008", "450"));
            Thread.sleep(3000);
            held.commit();
        }
        List<StatusEvent> second = JdbcSinkTestSupport.awaitBothEnded(connect().bootstrapServers(), "100008");
        assertThat(end(second, Side.SOURCE).processed()).isEqualTo(20);
        assertThat(end(second, Side.SINK).processed()).isEqualTo(20);
        assertThat(end(second, Side.SOURCE).nextIncrementValue()).isEqualTo("470");
        assertThat(rows(db, TARGET_DB, "SELECT COUNT(*) AS n FROM main_orderinfo").get(0).get("n"))
                .isEqualTo(470L);
        assertThat(rows(db, TARGET_DB, "SELECT note FROM main_orderinfo WHERE right_id = 455").get(0).get("note"))
                .isEqualTo("订单备注455");

        // A run with nothing new: 0 records, the empty-run marker, and both sides end with 0.
        connect().rest().deleteConnector(SOURCE);
        connect().rest().deleteConnector(SINK);
        connect().rest().createConnector(SINK, sinkConfig("100009"));
        connect().rest().createConnector(SOURCE, sourceConfig("100009", "470"));
        List<StatusEvent> third = JdbcSinkTestSupport.awaitBothEnded(connect().bootstrapServers(), "100009");
        assertThat(stages(third, Side.SOURCE)).containsExactly(Stage.START, Stage.END);
        assertThat(stages(third, Side.SINK)).containsExactly(Stage.START, Stage.END);
        assertThat(end(third, Side.SOURCE).processed()).isZero();
        assertThat(end(third, Side.SINK).processed()).isZero();
        assertThat(end(third, Side.SOURCE).nextIncrementValue()).isEqualTo("470");
    }

    /**
     * The platform's mapping end to end: only the rows its limitcondition keeps (counted exactly by both sides), the
     * mapped fields under their target names in a table the sink creates, the masked field masked, the ispk field as
     * the key the sink upserts on.
     */
    @Test
    void aMappedJobSendsTheMappedFieldsOfTheRowsItsConditionKeeps() throws Exception {
        db.recreate(SOURCE_DB);
        db.recreate(TARGET_DB);
        execute(db, SOURCE_DB, "CREATE TABLE main_orderinfo (right_id BIGINT NOT NULL PRIMARY KEY, "
                + "order_no VARCHAR(32) NOT NULL, amount DECIMAL(12,2), created DATETIME, "
                + "note VARCHAR(100) CHARACTER SET utf8mb4, paid BOOLEAN)");
        insertOrders(1, 120); // order_no NO-1 .. NO-120: 'NO-1%' keeps 1, 10..19, 100..120 (32 rows)
        String mappedTopic = "mapped_" + TOPIC;
        connect().createTopicIfMissing(mappedTopic, 1);
        Map<String, String> source = sourceConfig("100011", "");
        source.put("pkuse.datasyntype", "1");
        source.put("pkuse.kafka.topic.prefix", "mapped_");
        source.put("pkuse.jdbc.table.name", "main_orderinfo");
        source.put("pkuse.jdbc.filed.mapping", "[{\"sourceFiled\":\"right_id\",\"targetFiled\":\"id\","
                + "\"fieldType\":\"bigint\",\"ispk\":\"1\",\"mark\":\"0\",\"columnId\":\"c1\"},"
                + "{\"sourceFiled\":\"order_no\",\"targetFiled\":\"order_no\",\"fieldType\":\"string\","
                + "\"ispk\":\"0\",\"limitcondition\":\"LIKE 'NO-1%'\",\"maprule\":\" \"},"
                + "{\"sourceFiled\":\"note\",\"targetFiled\":\"remark\",\"fieldType\":\"string\","
                + "\"maprule\":\"mask(2,1)\"},{\"sourceFiled\":\"amount\",\"targetFiled\":\"amount\","
                + "\"fieldType\":\"decimal(12,2)\"}]");
        Map<String, String> sink = JdbcSinkTestSupport.sinkConfig(db, TARGET_DB, mappedTopic, "orders_mapped");
        sink.put("pkuse.connector.name", SINK);
        sink.put("insert.mode", "upsert");
        sink.put("pk.mode", "record_key");
        sink.put("pkuse.task.id", "100011");
        connect().rest().createConnector(SINK, sink);
        connect().rest().createConnector(SOURCE, source);

        List<StatusEvent> events = JdbcSinkTestSupport.awaitBothEnded(connect().bootstrapServers(), "100011");
        assertThat(end(events, Side.SOURCE).processed()).isEqualTo(32);
        assertThat(end(events, Side.SOURCE).predictedTotal()).isEqualTo(32);
        assertThat(end(events, Side.SINK).processed()).isEqualTo(32);
        assertThat(end(events, Side.SOURCE).nextIncrementValue()).as("a full sync has no next value").isNull();
        List<Map<String, Object>> rows = rows(db, TARGET_DB, "SELECT * FROM orders_mapped ORDER BY id");
        assertThat(rows).hasSize(32);
        assertThat(rows.get(0).keySet()).containsExactlyInAnyOrder("id", "order_no", "remark", "amount");
        assertThat(rows).extracting(r -> ((Number) r.get("id")).longValue()).startsWith(1L, 10L, 11L).endsWith(120L);
        Map<String, Object> row12 = rows.stream().filter(r -> ((Number) r.get("id")).longValue() == 12).findFirst()
                .orElseThrow();
        assertThat(row12.get("remark")).isEqualTo("订单***2"); // 订单备注12: first 2 and last 1 kept
        assertThat(row12.get("amount")).isEqualTo(new BigDecimal("12.25"));
        assertThat(row12.get("order_no")).isEqualTo("NO-12");
    }

    @Test
    void aTableDroppedBetweenScheduledRunsFailsTheNextRunVisibly() throws Exception {
        String database = "jdbcsource_drop";
        db.recreate(database);
        execute(db, database, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Map<String, String> c = sourceConfig("100010", "");
        c.put("connection.url", db.connectorUrl(database));
        c.put("pkuse.jdbc.table.name", "t");
        c.put("pkuse.datasyntype", "1");
        c.remove("pkuse.incrementreadfields");
        c.put("pkuse.schedule.interval.ms", "10000"); // run 2 starts well after run 1 has ended
        connect().createTopicIfMissing(database + "_t", 1);
        connect().rest().createConnector(SOURCE, c);

        List<StatusEvent> first = TopicReader.readUntil(connect().bootstrapServers(), JdbcSinkTestSupport.STATUS_TOPIC,
                all -> JdbcSinkTestSupport.jobEvents(all, "100010-1").stream().anyMatch(e -> e.stage().isTerminal()), Duration.ofSeconds(60),
                Duration.ZERO).stream().map(r -> StatusEventCodec.fromJson(r.value()))
                .filter(e -> e.taskId().equals("100010-1")).toList();
        assertThat(end(first, Side.SOURCE).processed()).isEqualTo(2);
        execute(db, database, "DROP TABLE t");

        List<StatusEvent> second = TopicReader.readUntil(connect().bootstrapServers(),
                JdbcSinkTestSupport.STATUS_TOPIC, all -> JdbcSinkTestSupport.jobEvents(all, "100010-2").stream().anyMatch(e -> e.stage()
                        .isTerminal()), Duration.ofSeconds(60), Duration.ofSeconds(2)).stream()
                .map(r -> StatusEventCodec.fromJson(r.value())).filter(e -> e.taskId().equals("100010-2")).toList();
        assertThat(second).extracting(StatusEvent::stage).containsExactly(Stage.START, Stage.ERROR);
        assertThat(second.get(1).description()).contains("100010-2").contains("jdbcsource_drop.t")
                .doesNotContain(db.password());
        org.pkuse.connect.testkit.ConnectorStates.await(connect().rest(), SOURCE, Duration.ofSeconds(30),
                "task FAILED", s -> org.pkuse.connect.testkit.ConnectorStates.allTasks(s, "FAILED"));
    }
}
