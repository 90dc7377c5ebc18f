package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.execute;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * and one 'end' with the exact count; the source's 'end' carries the next increment value, and a second run started
 * from it sends only the rows added since.
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

    private void insertOrders(int from, int to) throws Exception {
        List<String> sql = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            sql.add("INSERT INTO main_orderinfo (right_id, order_no, amount, created, note, paid) VALUES (" + i
                    + ", 'NO-" + i + "', " + i + ".25, '2021-06-17 08:00:0" + (i % 10) + "', '订单备注" + i + "', "
                    + (i % 3 == 0) + ")");
        }
        execute(db, SOURCE_DB, sql.toArray(String[]::new));
    }

    /** Both sides' events of the job, once each side sent its final one (and 3 s more for a late second one). */
    private static List<StatusEvent> awaitBothEnded(String job) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(connect().bootstrapServers(),
                JdbcSinkTestSupport.STATUS_TOPIC, all -> {
                    List<StatusEvent> e = of(all, job);
                    return e.stream().anyMatch(x -> x.side() == Side.SOURCE && x.stage().isTerminal())
                            && e.stream().anyMatch(x -> x.side() == Side.SINK && x.stage().isTerminal());
                }, Duration.ofSeconds(120), Duration.ofSeconds(3));
        return of(records, job);
    }

    private static List<StatusEvent> of(List<ConsumerRecord<byte[], byte[]>> records, String job) {
        List<StatusEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StatusEvent e = StatusEventCodec.fromJson(r.value());
            if (job.equals(e.taskId())) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Stage> stages(List<StatusEvent> events, Side side) {
        return events.stream().filter(e -> e.side() == side && e.stage() != Stage.PROCESSING)
                .map(StatusEvent::stage).toList();
    }

    private static StatusEvent end(List<StatusEvent> events, Side side) {
        return events.stream().filter(e -> e.side() == side && e.stage() == Stage.END).findFirst().orElseThrow();
    }

    @Test
    void aTableGoesIntoAnotherDatabaseValueByValueAndTheNextRunSendsOnlyNewRows() throws Exception {
        db.recreate(SOURCE_DB);
        db.recreate(TARGET_DB);
        execute(db, SOURCE_DB, "CREATE TABLE main_orderinfo (right_id BIGINT NOT NULL PRIMARY KEY, "
                + "order_no VARCHAR(32) NOT NULL, amount DECIMAL(12,2), created DATETIME, "
                + "note VARCHAR(100) CHARACTER SET utf8mb4, paid BOOLEAN)");
        insertOrders(1, 450);
        connect().createTopicIfMissing(TOPIC, 1);

        connect().rest().createConnector(SINK, sinkConfig("100007"));
        connect().rest().createConnector(SOURCE, sourceConfig("100007", ""));
        List<StatusEvent> first = awaitBothEnded("100007");

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

        // The scheduler's next run: new job id, from the value the first 'end' carried.
        connect().rest().deleteConnector(SOURCE);
        connect().rest().deleteConnector(SINK);
        insertOrders(451, 470);
        connect().rest().createConnector(SINK, sinkConfig("100008"));
        connect().rest().createConnector(SOURCE, sourceConfig("100008", "450"));
        List<StatusEvent> second = awaitBothEnded("100008");
        assertThat(end(second, Side.SOURCE).processed()).isEqualTo(20);
        assertThat(end(second, Side.SINK).processed()).isEqualTo(20);
        assertThat(end(second, Side.SOURCE).nextIncrementValue()).isEqualTo("470");
        assertThat(rows(db, TARGET_DB, "SELECT COUNT(*) AS n FROM main_orderinfo").get(0).get("n"))
                .isEqualTo(470L);
    }
}
