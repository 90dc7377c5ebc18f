package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitJobFinished;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.count;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.countRows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.employee;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.execute;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.sinkConfig;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.TopicReader;
import org.pkuse.connect.testkit.Wait;

/**
 * Bad rows (value too long for the column) go to the DLQ with the rest written, once each even when their
 * transaction rolls back and is written again, or fail the task and the job.
 */
class DeadLetterIT {

    private final TargetDatabase db = TargetDatabase.mariaDb();
    private final List<String> connectors = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        connectors.forEach(c -> connect().rest().deleteConnector(c));
    }

    private void produceJob(String topic, String jobId, int n, int... bad) {
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= n; i++) {
                boolean isBad = false;
                for (int b : bad) {
                    isBad |= b == i;
                }
                p.send(topic, 0, isBad ? employee(i).put("name", "x".repeat(40)) : employee(i),
                        new JobHeaders(jobId, n, i, i == n));
            }
            p.flush();
        }
    }

    private Map<String, String> upsertById(String database, String topic) {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        return c;
    }

    private static Map<String, String> withDeadLetterQueue(Map<String, String> c, String dlq) {
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        return c;
    }

    @Test
    void badRowsGoToTheDeadLetterQueueAndTheRestIsWritten() throws Exception {
        String database = "dlq_ok";
        String topic = "dlq-ok";
        String dlq = "dlq-ok-dead";
        db.recreate(database);
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(10), sex VARCHAR(5), salary BIGINT)");
        connect().createTopic(topic, 1);
        connect().createTopic(dlq, 1);
        produceJob(topic, "J-dlq", 20, 4, 11, 17);
        Map<String, String> c = withDeadLetterQueue(upsertById(database, topic), dlq);
        connectors.add("dlq-ok-sink");
        connect().rest().createConnector("dlq-ok-sink", c);

        List<StatusEvent> events = awaitJobFinished("J-dlq", "dlq-ok-sink", Duration.ofSeconds(90));
        assertThat(count(events, Stage.END)).isEqualTo(1);
        StatusEvent end = events.get(events.size() - 1);
        assertThat(end.stage()).isEqualTo(Stage.END);
        assertThat(end.description()).isEqualTo("17, deadLettered=3");
        assertThat(end.processed()).isEqualTo(17);
        assertThat(end.deadLettered()).isEqualTo(3);
        assertThat(countRows(db, database, "emp")).isEqualTo(17);
        assertThat(rows(db, database, "SELECT id FROM emp WHERE id IN (4, 11, 17)")).isEmpty();
        Wait.until("the sink task counting the ended job", Duration.ofSeconds(10),
                () -> SinkMBeans.sum("dlq-ok-sink", "JobsEnded") > 0);
        assertThat(SinkMBeans.sum("dlq-ok-sink", "RecordsDeadLettered")).isEqualTo(3);
        assertThat(SinkMBeans.sum("dlq-ok-sink", "RecordsUpserted")).isEqualTo(17);
        assertThat(SinkMBeans.sum("dlq-ok-sink", "JobsEnded")).isEqualTo(1);
        assertThat(SinkMBeans.sum("dlq-ok-sink", "JobsFailed")).isZero();

        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(connect().bootstrapServers(), dlq, 3,
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(JobHeaders.CURRENT_INDEX).value(),
                StandardCharsets.UTF_8)).containsExactly("4", "11", "17");
        assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8)).contains("name");
    }

    @Test
    void aDeadLetterSentInATransactionThatRollsBackIsSentOnceInAll() throws Exception {
        String database = "dlq_once";
        String topic = "dlq-once";
        String dlq = "dlq-once-dead";
        db.recreate(database);
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(10), sex VARCHAR(5), salary BIGINT)");
        connect().createTopic(topic, 1);
        connect().createTopic(dlq, 1);
        Map<String, String> c = withDeadLetterQueue(upsertById(database, topic), dlq);
        // Row 9 is held below: each transaction reports bad row 3, then waits 2 s on row 9 and rolls back.
        c.put("connection.url", c.get("connection.url") + "&sessionVariables=innodb_lock_wait_timeout=2");
        c.put("max.retries", "100");
        c.put("retry.backoff.ms", "200");
        long waitsBefore = rowLockWaits();
        try (Connection holder = db.connect(database)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("INSERT INTO emp (id, name) VALUES (9, 'held')");
            }
            produceJob(topic, "J-once", 10, 3);
            connectors.add("dlq-once-sink");
            connect().rest().createConnector("dlq-once-sink", c);
            TopicReader.readAtLeast(connect().bootstrapServers(), dlq, 1, Duration.ofSeconds(60), Duration.ZERO);
            Thread.sleep(7000); // two or three more transactions meet row 3 and roll back
            holder.rollback();
        }

        List<StatusEvent> events = awaitJobFinished("J-once", "dlq-once-sink", Duration.ofSeconds(90));
        assertThat(rowLockWaits() - waitsBefore).as("transactions rolled back on the held row").isGreaterThan(1);
        assertThat(count(events, Stage.END)).isEqualTo(1);
        assertThat(events.get(events.size() - 1).description()).isEqualTo("9, deadLettered=1");
        assertThat(rows(db, database, "SELECT name FROM emp WHERE id = 9")).extracting(r -> r.get("name"))
                .containsExactly("name-9");
        assertThat(countRows(db, database, "emp")).isEqualTo(9);
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(connect().bootstrapServers(), dlq, 1,
                Duration.ofSeconds(30), Duration.ofSeconds(3));
        assertThat(dead).as("one dead letter for the one bad record").hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader(JobHeaders.CURRENT_INDEX).value(),
                StandardCharsets.UTF_8)).isEqualTo("3");
    }

    private long rowLockWaits() throws Exception {
        return Long.parseLong(String.valueOf(rows(db, "mysql", "SHOW GLOBAL STATUS LIKE 'Innodb_row_lock_waits'")
                .get(0).get("Value")));
    }

    @Test
    void aRecordWithMalformedJobHeadersGoesToTheDeadLetterQueueAndTheJobFailsNamingTheMissingIndex()
            throws Exception {
        String database = "dlq_gap";
        String topic = "dlq-gap";
        String dlq = "dlq-gap-dead";
        db.recreate(database);
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(10), sex VARCHAR(5), salary BIGINT)");
        connect().createTopic(topic, 1);
        connect().createTopic(dlq, 1);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= 10; i++) {
                if (i == 7) {
                    RecordHeaders h = new RecordHeaders();
                    h.add(JobHeaders.TASK_ID, "J-gap".getBytes(StandardCharsets.UTF_8));
                    h.add(JobHeaders.PREDICTED_TOTAL, "10".getBytes(StandardCharsets.UTF_8));
                    h.add(JobHeaders.CURRENT_INDEX, "seven".getBytes(StandardCharsets.UTF_8));
                    p.sendRaw(topic, 0, employee(i), h);
                } else {
                    p.send(topic, 0, employee(i), new JobHeaders("J-gap", 10, i, i == 10));
                }
            }
            p.flush();
        }
        Map<String, String> c = withDeadLetterQueue(upsertById(database, topic), dlq);
        c.put("pkuse.job.incomplete.timeout.ms", "6000");
        connectors.add("dlq-gap-sink");
        connect().rest().createConnector("dlq-gap-sink", c);

        List<StatusEvent> events = awaitJobFinished("J-gap", "dlq-gap-sink", Duration.ofSeconds(90));
        // long enough for a late 'end' or second 'error' (offset flush 1 s, stalled check every 5 s)
        Thread.sleep(8000);
        events = awaitJobFinished("J-gap", "dlq-gap-sink", Duration.ofSeconds(10));
        assertThat(count(events, Stage.START)).isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isEqualTo(1);
        assertThat(count(events, Stage.END)).isZero();
        StatusEvent error = events.get(events.size() - 1);
        assertThat(error.stage()).isEqualTo(Stage.ERROR);
        assertThat(error.description()).contains("Job J-gap cannot complete", "pkuse.job.incomplete.timeout.ms",
                "of 1..10 (the last record, isEnd, arrived) these indexes are missing: 7.");
        assertThat(error.processed()).isEqualTo(9);
        assertThat(countRows(db, database, "emp")).isEqualTo(9);
        Wait.until("the sink task counting the failed job", Duration.ofSeconds(10),
                () -> SinkMBeans.sum("dlq-gap-sink", "JobsFailed") > 0);
        assertThat(SinkMBeans.sum("dlq-gap-sink", "JobsFailed")).isEqualTo(1);
        assertThat(SinkMBeans.sum("dlq-gap-sink", "JobsEnded")).isZero();
        assertThat(SinkMBeans.sum("dlq-gap-sink", "JobsOpen")).isZero();
        assertThat(SinkMBeans.sum("dlq-gap-sink", "RecordsDeadLettered")).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(connect().bootstrapServers(), dlq, 1,
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8)).contains("currentIndex");
    }

    @Test
    void aRecordTheWorkerDropsLeavesAGapAndTheJobFailsNamingIt() throws Exception {
        String database = "dlq_drop";
        String topic = "dlq-drop";
        String dlq = "dlq-drop-dead";
        db.recreate(database);
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(10), sex VARCHAR(5), salary BIGINT)");
        connect().createTopic(topic, 1);
        connect().createTopic(dlq, 1);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= 8; i++) {
                if (i == 5) {
                    // the worker's JsonConverter fails on it: under errors.tolerance=all it never reaches the sink
                    p.sendBytes(topic, 0, "not json".getBytes(StandardCharsets.UTF_8),
                            new JobHeaders("J-drop", 8, i, false));
                } else {
                    p.send(topic, 0, employee(i), new JobHeaders("J-drop", 8, i, i == 8));
                }
            }
            p.flush();
        }
        Map<String, String> c = withDeadLetterQueue(upsertById(database, topic), dlq);
        c.put("pkuse.job.incomplete.timeout.ms", "6000");
        connectors.add("dlq-drop-sink");
        connect().rest().createConnector("dlq-drop-sink", c);

        awaitJobFinished("J-drop", "dlq-drop-sink", Duration.ofSeconds(90));
        Thread.sleep(8000); // long enough for a late 'end' or second 'error'
        List<StatusEvent> events = awaitJobFinished("J-drop", "dlq-drop-sink", Duration.ofSeconds(10));
        assertThat(count(events, Stage.START)).isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isEqualTo(1);
        assertThat(count(events, Stage.END)).isZero();
        assertThat(events.get(events.size() - 1).description())
                .contains("of 1..8 (the last record, isEnd, arrived) these indexes are missing: 5.");
        assertThat(countRows(db, database, "emp")).isEqualTo(7);
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(connect().bootstrapServers(), dlq, 1,
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    }

    @Test
    void withoutToleranceTheTaskFailsAndTheJobReportsWhereAndWhy() throws Exception {
        String database = "dlq_fail";
        String topic = "dlq-fail";
        db.recreate(database);
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(10), sex VARCHAR(5), salary BIGINT)");
        connect().createTopic(topic, 1);
        produceJob(topic, "J-fail", 5, 3);
        Map<String, String> c = upsertById(database, topic);
        connectors.add("dlq-fail-sink");
        connect().rest().createConnector("dlq-fail-sink", c);

        List<StatusEvent> events = awaitJobFinished("J-fail", "dlq-fail-sink", Duration.ofSeconds(90));
        assertThat(count(events, Stage.START)).isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isEqualTo(1);
        assertThat(count(events, Stage.END)).isZero();
        String description = events.get(events.size() - 1).description();
        assertThat(description).contains("dlq_fail.emp", "'name'", "partition 0", "offset 2", "\tat ");
        assertThat(description).doesNotContain(db.password() + "@");
        assertThat(connect().awaitTaskFailed("dlq-fail-sink", Duration.ofSeconds(30)).toString())
                .contains("Data too long");
        assertThat(countRows(db, database, "emp")).as("the failing batch is rolled back as a whole").isZero();
    }
}
