package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitJobFinished;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.count;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.countRows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.execute;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.sinkConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.TopicReader;

/**
 * Records whose shape the table cannot take (schemaless JSON into an existing table, {@code auto.evolve=false}): a
 * field without a column, no key field, a value its column cannot hold, two fields that differ only in case, job
 * headers the job cannot claim. They are row errors: the dead-letter queue under {@code errors.tolerance=all} with
 * the good rows written and the job ended, the task failed naming field and position otherwise. One subclass per
 * database.
 */
abstract class AbstractBadShapeIT {

    private static final String TABLE_DDL = "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(10), sex VARCHAR(5), "
            + "salary BIGINT)";

    private final TargetDatabase db;
    private final List<String> connectors = new ArrayList<>();

    AbstractBadShapeIT(TargetDatabase db) {
        this.db = db;
    }

    @AfterEach
    void cleanUp() {
        connectors.forEach(c -> connect().rest().deleteConnector(c));
    }

    private String name(String what) {
        return "shape-" + what + "-" + db.name();
    }

    private Map<String, String> schemalessUpsert(String database, String topic) {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("auto.create", "false");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        return c;
    }

    private static Map<String, Object> employee(int id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", "name-" + id);
        m.put("salary", 1000L * id);
        return m;
    }

    /** The job's records 1..12; 3, 5, 7 and 9 of a shape the table cannot take. */
    private static Map<String, Object> jobRecord(int i) {
        Map<String, Object> m = employee(i);
        switch (i) {
            case 3 -> m.put("bonus", 5); // no such column, auto.evolve=false
            case 5 -> m.remove("id"); // no key
            case 7 -> m.put("salary", "confidential-7"); // not a number for a BIGINT column
            case 9 -> m.put("Name", "other-9"); // the same column as 'name'
            default -> {
            }
        }
        return m;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void recordsOfABadShapeGoToTheDeadLetterQueueAndTheJobEnds() throws Exception {
        String database = "shape_dlq";
        String topic = name("dlq");
        String dlq = topic + "-dead";
        db.recreate(database);
        execute(db, database, TABLE_DDL);
        connect().createTopic(topic, 1);
        connect().createTopic(dlq, 1);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer(false)) {
            for (int i = 1; i <= 12; i++) {
                p.send(topic, 0, null, null, null, jobRecord(i), new JobHeaders("J-shape", 12, i, i == 12));
                if (i == 6) {
                    // job headers the job cannot claim: an index above the predicted total
                    p.send(topic, 0, null, null, null, employee(50), new JobHeaders("J-shape", 12, 20, false));
                    // an index past 32 bits, of a job of that size: written like any row
                    p.send(topic, 0, null, null, null, employee(60),
                            new JobHeaders("J-wide", 1L << 33, (1L << 32) + 1, false));
                }
            }
            p.flush();
        }
        Map<String, String> c = schemalessUpsert(database, topic);
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        connectors.add(name("dlq"));
        connect().rest().createConnector(name("dlq"), c);

        List<StatusEvent> events = awaitJobFinished("J-shape", name("dlq"), Duration.ofSeconds(90));
        assertThat(count(events, Stage.START)).isEqualTo(1);
        assertThat(count(events, Stage.END)).isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isZero();
        StatusEvent end = events.get(events.size() - 1);
        assertThat(end.stage()).isEqualTo(Stage.END);
        assertThat(end.description()).isEqualTo("8, deadLettered=4");
        assertThat(rows(db, database, "SELECT id FROM emp ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1, 2, 4, 6, 8, 10, 11, 12, 60);

        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(connect().bootstrapServers(), dlq, 5,
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        Map<String, String> why = new TreeMap<>();
        dead.forEach(r -> why.put(header(r, JobHeaders.CURRENT_INDEX),
                header(r, "__connect.errors.exception.message")));
        assertThat(dead).hasSize(5);
        assertThat(why.keySet()).containsExactlyInAnyOrder("3", "5", "7", "9", "20");
        assertThat(why.get("3")).contains("bonus", "auto.evolve");
        assertThat(why.get("5")).contains("'id'");
        assertThat(why.get("7")).contains("Field 'salary'", "needs a number").doesNotContain("confidential");
        assertThat(why.get("9")).contains("Field 'Name' and field 'name'", "same column").doesNotContain("other-9");
        assertThat(why.get("20")).contains("currentIndex", "predictedTotal");
        assertThat(connect().rest().status(name("dlq")).toString()).doesNotContain("FAILED");
    }

    @Test
    void withoutToleranceARecordOfABadShapeFailsTheTaskNamingFieldAndPosition() throws Exception {
        String database = "shape_fail";
        String topic = name("fail");
        db.recreate(database);
        execute(db, database, TABLE_DDL);
        connect().createTopic(topic, 1);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer(false)) {
            for (int i = 1; i <= 5; i++) {
                p.send(topic, 0, null, null, null, jobRecord(i), new JobHeaders("J-shape-fail", 5, i, i == 5));
            }
            p.flush();
        }
        connectors.add(name("fail"));
        connect().rest().createConnector(name("fail"), schemalessUpsert(database, topic));

        List<StatusEvent> events = awaitJobFinished("J-shape-fail", name("fail"), Duration.ofSeconds(90));
        assertThat(count(events, Stage.ERROR)).isEqualTo(1);
        assertThat(count(events, Stage.END)).isZero();
        assertThat(events.get(events.size() - 1).description()).contains("bonus", "partition 0", "offset 2");
        assertThat(connect().awaitTaskFailed(name("fail"), Duration.ofSeconds(30)).toString())
                .contains("bonus", "auto.evolve", "offset 2");
        assertThat(rows(db, database, "SELECT id FROM emp WHERE id = 3")).isEmpty();
        assertThat(countRows(db, database, "emp")).isLessThan(5);
    }

    /**
     * A value the database refuses (a second row with the same unique name): the database quotes it in its message
     * (MariaDB's "Duplicate entry '...'", PostgreSQL's "Key (name)=(...)"). By default it stays out of the dead
     * letter's reason, the status events and the task's trace, which name the record instead; with
     * {@code pkuse.errors.include.values=true} the reason carries it.
     */
    @Test
    void aValueTheDatabaseRefusesStaysOutOfErrorsUnlessValuesAreAskedFor() throws Exception {
        String secretName = "Zq7-row-value";
        ConsumerRecord<byte[], byte[]> hidden = deadLetterOfUniqueClash("uq-hidden", secretName, false);
        assertThat(header(hidden, JobHeaders.CURRENT_INDEX)).isEqualTo("2");
        assertThat(header(hidden, "__connect.errors.exception.message")).doesNotContain(secretName);

        ConsumerRecord<byte[], byte[]> shown = deadLetterOfUniqueClash("uq-shown", secretName, true);
        assertThat(header(shown, "__connect.errors.exception.message")).contains(secretName);

        String database = "shape_uq_fail";
        String topic = name("uq-fail");
        uniqueClash(database, topic, secretName, "J-uq-fail");
        Map<String, String> c = uniqueNameInsert(database, topic);
        connectors.add(name("uq-fail"));
        connect().rest().createConnector(name("uq-fail"), c);
        List<StatusEvent> events = awaitJobFinished("J-uq-fail", name("uq-fail"), Duration.ofSeconds(90));
        assertThat(count(events, Stage.ERROR)).isEqualTo(1);
        assertThat(events.toString()).doesNotContain(secretName);
        assertThat(connect().awaitTaskFailed(name("uq-fail"), Duration.ofSeconds(30)).toString())
                .contains("offset 1").doesNotContain(secretName);
    }

    /** Runs the unique-name clash with a dead-letter queue; returns the one dead letter, after the job ended. */
    private ConsumerRecord<byte[], byte[]> deadLetterOfUniqueClash(String what, String secretName,
                                                                   boolean includeValues) throws Exception {
        String database = "shape_" + what.replace('-', '_');
        String topic = name(what);
        String dlq = topic + "-dead";
        String job = "J-" + what;
        uniqueClash(database, topic, secretName, job);
        connect().createTopic(dlq, 1);
        Map<String, String> c = uniqueNameInsert(database, topic);
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        c.put("pkuse.errors.include.values", Boolean.toString(includeValues));
        connectors.add(name(what));
        connect().rest().createConnector(name(what), c);

        List<StatusEvent> events = awaitJobFinished(job, name(what), Duration.ofSeconds(90));
        assertThat(events.get(events.size() - 1).description()).isEqualTo("2, deadLettered=1");
        assertThat(events.toString()).doesNotContain(secretName);
        assertThat(rows(db, database, "SELECT id FROM emp ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1, 3, 100);
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(connect().bootstrapServers(), dlq, 1,
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(dead).hasSize(1);
        return dead.get(0);
    }

    /** A table whose names are unique, holding row 100 named {@code secretName}; job records 1..3, 2 named so too. */
    private void uniqueClash(String database, String topic, String secretName, String job) throws Exception {
        db.recreate(database);
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(40) UNIQUE, sex VARCHAR(5), "
                + "salary BIGINT)", "INSERT INTO emp (id, name) VALUES (100, '" + secretName + "')");
        connect().createTopic(topic, 1);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer(false)) {
            for (int i = 1; i <= 3; i++) {
                Map<String, Object> m = employee(i);
                if (i == 2) {
                    m.put("name", secretName);
                }
                p.send(topic, 0, null, null, null, m, new JobHeaders(job, 3, i, i == 3));
            }
            p.flush();
        }
    }

    /** Plain inserts: MySQL's upsert would update the row holding the name instead of refusing. */
    private Map<String, String> uniqueNameInsert(String database, String topic) {
        Map<String, String> c = schemalessUpsert(database, topic);
        c.put("insert.mode", "insert");
        c.put("max.retries", "0");
        return c;
    }
}
