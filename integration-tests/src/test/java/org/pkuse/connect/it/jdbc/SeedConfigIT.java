package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitJobFinished;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitRows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.count;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.employee;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.TopicReader;

/**
 * The scheduler's JDBC sink config (seed contract section 4), POSTed as it is with our class and a real URL, against
 * MariaDB through MySQL's driver: rows, column types, and exactly one sink start and end for job 100003.
 */
class SeedConfigIT {

    private static final String NAME = "jdbcsink_connector_001";
    private static final String TOPIC = "default_test_employee01_2021_06_17";

    @AfterEach
    void cleanUp() {
        connect().rest().deleteConnector(NAME);
    }

    @Test
    void seedConfigWritesTheJobAndEndsItOnce() throws Exception {
        ConnectCluster connect = connect();
        TargetDatabase db = TargetDatabase.mariaDb();
        db.recreate("test03");
        connect.createTopicIfMissing(TOPIC, 1);

        try (JdbcSinkTestSupport.Producer producer = new JdbcSinkTestSupport.Producer()) {
            // Left in the topic by an earlier job: the sink of job 100003 must skip them.
            producer.send(TOPIC, 0, employee(900), new JobHeaders("99999", 2, 1, false));
            producer.send(TOPIC, 0, employee(901), new JobHeaders("99999", 2, 2, true));
            for (int i = 1; i <= 5; i++) {
                producer.send(TOPIC, 0, employee(i), new JobHeaders("100003", 5, i, i == 5));
            }
            producer.flush();
        }

        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", JdbcSinkTestSupport.CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("connection.url", TestKit.mariaDb().mysqlUrl("test03"));
        config.put("connection.user", TestKit.mariaDb().user());
        config.put("connection.password", TestKit.mariaDb().password());
        config.put("table.name.format", "test03.employee01_2021_06_17");
        config.put("auto.create", "true");
        config.put("pk.fields", "id");
        config.put("pk.mode", "record_value");
        config.put("insert.mode", "upsert");
        config.put("write.mode", "1");
        config.put("batch.size", "3000");
        config.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        config.put("pkuse.task.id", "100003");
        connect.rest().createConnector(NAME, config);

        List<StatusEvent> events = awaitJobFinished("100003", NAME, Duration.ofSeconds(90));
        assertThat(events).extracting(StatusEvent::stage).startsWith(Stage.START).endsWith(Stage.END);
        assertThat(count(events, Stage.START)).isEqualTo(1);
        assertThat(count(events, Stage.END)).isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isZero();
        assertThat(events.get(0).description()).isEqualTo("5");
        StatusEvent end = events.get(events.size() - 1);
        assertThat(end.description()).isEqualTo("5");
        assertThat(end.dataTopicName()).isEqualTo(TOPIC);

        awaitRows(db, "test03", "employee01_2021_06_17", 5, Duration.ofSeconds(10));
        assertThat(rows(db, "test03", "SELECT id, name, sex, salary FROM employee01_2021_06_17 ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("name") + ":" + r.get("sex") + ":" + r.get("salary"))
                .containsExactly("1:name-1:M:1000", "2:name-2:F:2000", "3:name-3:M:3000", "4:name-4:F:4000",
                        "5:name-5:M:5000");
        assertThat(db.columnType("test03", "employee01_2021_06_17", "id")).isEqualTo("int(11)");
        assertThat(db.columnType("test03", "employee01_2021_06_17", "name")).isEqualTo("longtext");
        assertThat(db.columnType("test03", "employee01_2021_06_17", "salary")).isEqualTo("bigint(20)");
        assertThat(rows(db, "test03", "SELECT COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                + "'test03' AND TABLE_NAME = 'employee01_2021_06_17' AND COLUMN_NAME = 'id'"))
                .extracting(r -> r.get("COLUMN_KEY")).containsExactly("PRI");
        // Nothing of job 99999 went in, and no event of it came from this sink.
        List<ConsumerRecord<byte[], byte[]>> status = TopicReader.readUntil(connect.bootstrapServers(),
                JdbcSinkTestSupport.STATUS_TOPIC, r -> !JdbcSinkTestSupport.sinkEvents(r, "100003", NAME).isEmpty(),
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(JdbcSinkTestSupport.sinkEvents(status, "100003", NAME)).isNotEmpty();
        assertThat(JdbcSinkTestSupport.sinkEvents(status, "99999", NAME)).isEmpty();
        assertThat(rows(db, "test03", "SELECT job_id, state, committed_count, end_index FROM pkuse_connect_jobs"))
                .extracting(r -> r.get("job_id") + ":" + r.get("state") + ":" + r.get("committed_count") + ":"
                        + r.get("end_index"))
                .containsExactly("100003:ENDED:5:5");
    }
}
