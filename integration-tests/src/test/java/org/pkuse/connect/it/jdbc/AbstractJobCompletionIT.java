package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitJobFinished;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.count;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.countRows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.employee;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.sinkConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.Wait;

/**
 * Exact job completion in insert mode without a key, where any record written twice would show as a
 * duplicate row: jobs over 3 partitions with tasks.max=2, records re-sent by the source, a connector restart and
 * a worker stopped mid-job. Each time: exactly N rows, N distinct ids, one sink 'start' and one 'end' with N.
 */
abstract class AbstractJobCompletionIT {

    private final TargetDatabase db;
    private final List<String> connectors = new ArrayList<>();

    AbstractJobCompletionIT(TargetDatabase db) {
        this.db = db;
    }

    @AfterEach
    void cleanUp() {
        connectors.forEach(c -> connect().rest().deleteConnector(c));
    }

    private Map<String, String> config(String database, String topic, String jobId) {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("tasks.max", "2");
        c.put("insert.mode", "insert");
        c.put("pk.mode", "none");
        c.put("pkuse.task.id", jobId);
        return c;
    }

    private void assertExactly(String database, long n) throws Exception {
        assertThat(countRows(db, database, "emp")).isEqualTo(n);
        assertThat(rows(db, database, "SELECT COUNT(DISTINCT id) AS d FROM emp").get(0).get("d"))
                .isEqualTo(n);
    }

    private static void assertOneStartOneEnd(List<StatusEvent> events, long n) {
        assertThat(count(events, Stage.START)).as("sink start events").isEqualTo(1);
        assertThat(count(events, Stage.END)).as("sink end events").isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isZero();
        assertThat(events.get(0).stage()).isEqualTo(Stage.START);
        assertThat(events.get(0).description()).isEqualTo(Long.toString(n));
        StatusEvent end = events.stream().filter(e -> e.stage() == Stage.END).findFirst().orElseThrow();
        assertThat(end.description()).isEqualTo(Long.toString(n));
        assertThat(end.processed()).isEqualTo(n);
        assertThat(events.get(events.size() - 1)).as("nothing after end").isEqualTo(end);
    }

    @Test
    void jobOverThreePartitionsAndTwoTasksEndsOnceWithTheExactCount() throws Exception {
        String database = "jobs_parts_" + db.name();
        String topic = "jobs-parts-" + db.name();
        String name = "jobs-parts-sink-" + db.name();
        db.recreate(database);
        ConnectCluster connect = connect();
        connect.createTopic(topic, 3);
        int n = 3000;
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.sendJob(topic, 3, "J-parts", 1, 2000, n);
            // The source crashed and re-sent records 1501..2000 (same indexes, new offsets, other partitions).
            for (int i = 1501; i <= 2000; i++) {
                p.send(topic, (i + 1) % 3, employee(i), new JobHeaders("J-parts", n, i, false));
            }
            p.sendJob(topic, 3, "J-parts", 2001, n, n);
        }
        connectors.add(name);
        connect.rest().createConnector(name, config(database, topic, "J-parts"));
        List<StatusEvent> events = awaitJobFinished("J-parts", name, Duration.ofSeconds(120));
        assertOneStartOneEnd(events, n);
        assertExactly(database, n);
        // Progress only grows, stays within the job, and nothing follows the job's 'end'.
        List<Long> progress = events.stream().filter(e -> e.stage() == Stage.PROCESSING).map(StatusEvent::processed)
                .toList();
        assertThat(progress).isSorted().allSatisfy(p -> assertThat(p).isBetween(1L, (long) n));
        assertThat(events.get(events.size() - 1).stage()).isEqualTo(Stage.END);
    }

    @Test
    void connectorRestartAndStoppedWorkerMidJobLoseAndDuplicateNothing() throws Exception {
        String database = "jobs_restart_" + db.name();
        String topic = "jobs-restart-" + db.name();
        String name = "jobs-restart-sink-" + db.name();
        db.recreate(database);
        ConnectCluster connect = connect();
        connect.createTopic(topic, 3);
        int n = 30_000;
        Map<String, String> c = config(database, topic, "J-restart");
        c.put("batch.size", "500");
        connectors.add(name);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.sendJob(topic, 3, "J-restart", 1, 12_000, n);
            connect.rest().createConnector(name, c);
            Wait.until("first rows", Duration.ofSeconds(60), () -> countRows(db, database, "emp") > 1000);
            connect.rest().restartConnectorAndTasks(name);
            p.sendJob(topic, 3, "J-restart", 12_001, 22_000, n);
            Wait.until("rows after restart", Duration.ofSeconds(90), () -> countRows(db, database, "emp") > 13_000);
            JdbcSinkTestSupport.stopWorkerNotServingRest();
            try {
                p.sendJob(topic, 3, "J-restart", 22_001, n, n);
                List<StatusEvent> events = awaitJobFinished("J-restart", name, Duration.ofSeconds(180));
                assertOneStartOneEnd(events, n);
                assertExactly(database, n);
            } finally {
                connect.addWorker();
                connect.awaitWorkers(2, Duration.ofSeconds(60));
            }
        }
    }
}
