package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.execute;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.ConnectRest;
import org.pkuse.connect.testkit.TopicReader;

/**
 * Continuous mode, as a Confluent user configures it: the config (credentials in the URL, table.whitelist,
 * mode=incrementing, topic.prefix) with only the class name changed; every row once, in id order, a row committed
 * late by a transaction open across a poll included; a restarted task goes on after the last row, sending none
 * twice. mode=timestamp: updated rows are sent again, rows sharing one timestamp are told apart by the key.
 */
class JdbcSourceContinuousIT {

    /** A new name per test: offsets stay in the worker's offsets topic under a connector's name after its delete. */
    private final String connector = "jdbcsource-continuous-" + java.util.UUID.randomUUID();
    private static final String DB = "myprj_online";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TargetDatabase db = TargetDatabase.mariaDb();

    @AfterEach
    void cleanUp() {
        try {
            connect().rest().deleteConnector(connector);
        } catch (RuntimeException e) {
            // not created
        }
    }

    /** jdbc:mysql://host:port/myprj_online?user=...&password=..., as the config has it. */
    private String urlWithCredentials() {
        String url = db.connectorUrl(DB);
        return url.substring(0, url.indexOf('?')) + "?user=" + db.user() + "&password=" + db.password();
    }

    /** The validate endpoint wants the name inside the config; a create has it beside. */
    private Map<String, String> named(Map<String, String> config) {
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put("name", connector);
        return c;
    }

    private static JsonNode payload(ConsumerRecord<byte[], byte[]> r, boolean key) {
        try {
            return JSON.readTree(key ? r.key() : r.value()).get("payload");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> ids(List<ConsumerRecord<byte[], byte[]>> records, String column) {
        return records.stream().map(r -> payload(r, false).get(column).asLong()).toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration settle) {
        return TopicReader.readAtLeast(connect().bootstrapServers(), topic, count, Duration.ofSeconds(90), settle);
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void confluentsIncrementingConfigRunsWithOnlyTheClassChanged() throws Exception {
        db.recreate(DB);
        execute(db, DB, "CREATE TABLE main_orderinfo (right_id BIGINT NOT NULL PRIMARY KEY, order_no VARCHAR(32), "
                + "note VARCHAR(100) CHARACTER SET utf8mb4)");
        List<String> inserts = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            inserts.add("INSERT INTO main_orderinfo VALUES (" + i + ", 'NO-" + i + "', '备注" + i + "')");
        }
        execute(db, DB, inserts.toArray(String[]::new));
        String topic = "mysql-main_orderinfo";
        connect().createTopicIfMissing(topic, 1);

        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "org.pkuse.connect.jdbc.JdbcSourceConnector");
        config.put("connection.url", urlWithCredentials());
        config.put("table.whitelist", "main_orderinfo");
        config.put("mode", "incrementing");
        config.put("incrementing.column.name", "right_id");
        config.put("topic.prefix", "mysql-");
        ConnectRest.Validation validation = connect().rest().validate(config.get("connector.class"), named(config));
        assertThat(validation.errors()).isEmpty();
        assertThat(validation.body().toString()).doesNotContain(db.password());
        connect().rest().createConnector(connector, config);

        List<ConsumerRecord<byte[], byte[]>> first = read(topic, 300, Duration.ZERO);
        assertThat(ids(first, "right_id")).isEqualTo(range(1, 300));
        ConsumerRecord<byte[], byte[]> seventh = first.get(6);
        assertThat(payload(seventh, false).get("note").asText()).isEqualTo("备注7");
        assertThat(payload(seventh, false).get("order_no").asText()).isEqualTo("NO-7");
        assertThat(payload(seventh, true).get("right_id").asLong()).isEqualTo(7);
        assertThat(seventh.headers().lastHeader("taskId")).as("no job, no job headers").isNull();

        // Row 305 is written by a transaction open across at least one poll (5 s apart) and committed after rows
        // 306..320: the poll waits for it, so it arrives, in order.
        try (Connection held = db.connect(DB); Statement h = held.createStatement()) {
            held.setAutoCommit(false);
            h.execute("INSERT INTO main_orderinfo VALUES (305, 'NO-305', 'late')");
            List<String> more = new ArrayList<>();
            for (int i = 301; i <= 320; i++) {
                if (i != 305) {
                    more.add("INSERT INTO main_orderinfo VALUES (" + i + ", 'NO-" + i + "', '备注" + i + "')");
                }
            }
            execute(db, DB, more.toArray(String[]::new));
            Thread.sleep(7000);
            held.commit();
        }
        assertThat(ids(read(topic, 320, Duration.ZERO), "right_id")).isEqualTo(range(1, 320));

        // A restarted task resumes after row 320: nothing again, even after two poll intervals and a flush.
        connect().rest().restartTask(connector, 0);
        connect().awaitRunning(connector, 1, Duration.ofSeconds(60));
        execute(db, DB, "INSERT INTO main_orderinfo VALUES (321, 'NO-321', '备注321')");
        List<ConsumerRecord<byte[], byte[]>> all = read(topic, 321, Duration.ofSeconds(12));
        assertThat(ids(all, "right_id")).isEqualTo(range(1, 321));
    }

    /** A query instead of tables: its rows, by the incrementing column, into the topic topic.prefix names. */
    @Test
    void aQueryIsPolledIntoTheTopicItsPrefixNames() throws Exception {
        db.recreate(DB);
        execute(db, DB, "CREATE TABLE main_orderinfo (right_id BIGINT NOT NULL PRIMARY KEY, paid BOOLEAN)");
        List<String> inserts = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            inserts.add("INSERT INTO main_orderinfo VALUES (" + i + ", " + (i % 4 == 0) + ")");
        }
        execute(db, DB, inserts.toArray(String[]::new));
        String topic = "paid-orders-" + connector.substring(connector.length() - 6);
        connect().createTopicIfMissing(topic, 1);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "org.pkuse.connect.jdbc.JdbcSourceConnector");
        config.put("connection.url", urlWithCredentials());
        config.put("query", "SELECT right_id, paid FROM main_orderinfo WHERE paid");
        config.put("mode", "incrementing");
        config.put("incrementing.column.name", "right_id");
        config.put("topic.prefix", topic);
        config.put("poll.interval.ms", "1000");
        assertThat(connect().rest().validate(config.get("connector.class"), named(config)).errors()).isEmpty();
        connect().rest().createConnector(connector, config);
        assertThat(ids(read(topic, 10, Duration.ZERO), "right_id")).containsExactly(4L, 8L, 12L, 16L, 20L, 24L, 28L,
                32L, 36L, 40L);
        execute(db, DB, "INSERT INTO main_orderinfo VALUES (41, false), (44, true)");
        assertThat(ids(read(topic, 11, Duration.ofSeconds(3)), "right_id")).hasSize(11).endsWith(44L);
    }

    @Test
    void timestampModeSendsUpdatedRowsAgainAndTellsRowsOfOneTimestampApart() throws Exception {
        updatedRowsAreSentAgainAndNothingTwiceAfterARestart("timestamp");
    }

    @Test
    void timestampPlusIncrementingModeDoesTheSameWithTheIdAsTieBreak() throws Exception {
        updatedRowsAreSentAgainAndNothingTwiceAfterARestart("timestamp+incrementing");
    }

    private void updatedRowsAreSentAgainAndNothingTwiceAfterARestart(String mode) throws Exception {
        db.recreate(DB);
        execute(db, DB, "CREATE TABLE events (id INT NOT NULL PRIMARY KEY, v VARCHAR(20), updated DATETIME(3))");
        List<String> inserts = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            inserts.add("INSERT INTO events VALUES (" + i + ", 'v" + i + "', '2021-06-17 10:00:00.000')");
        }
        execute(db, DB, inserts.toArray(String[]::new));
        String prefix = mode.equals("timestamp") ? "ts-" : "tsi-";
        String topic = prefix + "events";
        connect().createTopicIfMissing(topic, 1);

        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "org.pkuse.connect.jdbc.JdbcSourceConnector");
        config.put("connection.url", db.connectorUrl(DB));
        config.put("connection.user", db.user());
        config.put("connection.password", db.password());
        config.put("table.include.list", DB + ".events");
        config.put("mode", mode);
        config.put("timestamp.column.name", "updated");
        config.put("incrementing.column.name", "id");
        config.put("topic.prefix", prefix);
        config.put("poll.interval.ms", "1000");
        config.put("batch.max.rows", "7");
        assertThat(connect().rest().validate(config.get("connector.class"), named(config)).errors()).isEmpty();
        connect().rest().createConnector(connector, config);
        assertThat(ids(read(topic, 100, Duration.ZERO), "id")).isEqualTo(range(1, 100));

        execute(db, DB, "UPDATE events SET v = 'changed', updated = '2021-06-18 09:00:00.500' WHERE id BETWEEN 40 "
                + "AND 44");
        List<ConsumerRecord<byte[], byte[]>> all = read(topic, 105, Duration.ZERO);
        assertThat(ids(all, "id").subList(100, 105)).containsExactly(40L, 41L, 42L, 43L, 44L);
        assertThat(payload(all.get(102), false).get("v").asText()).isEqualTo("changed");

        connect().rest().restartTask(connector, 0);
        connect().awaitRunning(connector, 1, Duration.ofSeconds(60));
        assertThat(read(topic, 105, Duration.ofSeconds(8))).as("nothing sent twice after the restart").hasSize(105);
    }
}
