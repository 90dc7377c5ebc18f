package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitJobFinished;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.count;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.countRows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.sinkConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.Wait;

/** MariaDB stopped for 20 s mid-job: the sink retries, and the job completes exactly once with every row. */
class DatabaseOutageIT {

    private static final String NAME = "outage-sink";

    @AfterEach
    void cleanUp() {
        connect().rest().deleteConnector(NAME);
    }

    @Test
    void jobCompletesAfterTheDatabaseComesBack() throws Exception {
        TargetDatabase db = TargetDatabase.mariaDb();
        String database = "outage_db";
        String topic = "outage-topic";
        db.recreate(database);
        connect().createTopic(topic, 2);
        int n = 20_000;
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("tasks.max", "2");
        c.put("insert.mode", "insert");
        c.put("pk.mode", "none");
        c.put("batch.size", "500");
        c.put("retry.backoff.ms", "2000");
        c.put("max.retries", "30");
        c.put("connection.timeout.ms", "3000");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.sendJob(topic, 2, "J-outage", 1, 8_000, n);
            connect().rest().createConnector(NAME, c);
            Wait.until("first rows", Duration.ofSeconds(60), () -> countRows(db, database, "emp") > 0);
            TestKit.mariaDb().stopServer();
            long stoppedAt = System.nanoTime();
            try {
                p.sendJob(topic, 2, "J-outage", 8_001, 14_000, n);
                // What an operator sees over JMX meanwhile: a task without its database, retrying, and why.
                Wait.until("a sink task reporting the database lost and a retry", Duration.ofSeconds(19),
                        () -> SinkMBeans.values(NAME, "DatabaseConnected").contains(false)
                                && SinkMBeans.sum(NAME, "Retries") > 0);
                assertThat(SinkMBeans.values(NAME, "LastError")).anyMatch(e -> e != null && !e.toString().isEmpty())
                        .noneMatch(e -> e != null && e.toString().contains(db.password()));
                Thread.sleep(Math.max(0, 20_000 - (System.nanoTime() - stoppedAt) / 1_000_000));
            } finally {
                TestKit.mariaDb().startServer();
            }
            p.sendJob(topic, 2, "J-outage", 14_001, n, n);
        }
        List<StatusEvent> events = awaitJobFinished("J-outage", NAME, Duration.ofSeconds(180));
        assertThat(count(events, Stage.START)).isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isZero();
        assertThat(count(events, Stage.END)).isEqualTo(1);
        assertThat(events.get(events.size() - 1).description()).isEqualTo(Integer.toString(n));
        assertThat(countRows(db, database, "emp")).isEqualTo(n);
        assertThat(rows(db, database, "SELECT COUNT(DISTINCT id) AS d FROM emp").get(0).get("d")).isEqualTo((long) n);
        // The tasks' counters agree with the table: every row counted once, however often its batch was retried.
        Wait.until("both tasks connected again, the job closed in both", Duration.ofSeconds(30),
                () -> !SinkMBeans.values(NAME, "DatabaseConnected").contains(false)
                        && SinkMBeans.sum(NAME, "JobsOpen") == 0);
        assertThat(SinkMBeans.sum(NAME, "RecordsInserted")).isEqualTo(n);
        assertThat(SinkMBeans.sum(NAME, "Retries")).isPositive();
        assertThat(SinkMBeans.sum(NAME, "JobsFailed")).isZero();
    }
}
