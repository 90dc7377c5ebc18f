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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;

/**
 * write.mode=2: the job's rows replace the table atomically (a concurrent reader sees the old 100 rows or the new
 * N, nothing in between); a failed job leaves the table as it was and no staging table behind.
 */
abstract class AbstractOverwriteIT {

    final TargetDatabase db;
    final List<String> connectors = new ArrayList<>();

    AbstractOverwriteIT(TargetDatabase db) {
        this.db = db;
    }

    @AfterEach
    void cleanUp() {
        connectors.forEach(c -> connect().rest().deleteConnector(c));
    }

    void oldContent(String database) throws Exception {
        db.recreate(database);
        execute(db, database, "CREATE TABLE emp (id INT PRIMARY KEY, name VARCHAR(10), sex VARCHAR(5), salary BIGINT)");
        StringBuilder insert = new StringBuilder("INSERT INTO emp VALUES ");
        for (int i = 1; i <= 100; i++) {
            insert.append(i == 1 ? "" : ", ").append("(").append(100_000 + i).append(", 'old', 'M', 1)");
        }
        execute(db, database, insert.toString());
    }

    Map<String, String> config(String database, String topic) {
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        c.put("write.mode", "2");
        c.put("batch.size", "500");
        return c;
    }

    List<Object> stagingTables(String database) throws Exception {
        String schema = db.name().equals("postgresql") ? "public" : database;
        return rows(db, database, "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '"
                + schema + "' AND table_name LIKE 'emp\\_\\_%'").stream().map(r -> r.get("t")).toList();
    }

    @Test
    void aJobOfNoRowsReplacesTheTableWithAnEmptyOne() throws Exception {
        String database = "ow_empty_" + db.name();
        String topic = "ow-empty-" + db.name();
        String job = "J-ow-empty-" + db.name();
        String name = "ow-empty-sink-" + db.name();
        oldContent(database);
        connect().createTopic(topic, 1);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            // the source's empty-run marker: no key, no value, predictedTotal 0, currentIndex 0, isEnd
            p.send(topic, 0, null, null, null, null, JobHeaders.emptyRun(job));
            p.flush();
        }
        connectors.add(name);
        connect().rest().createConnector(name, config(database, topic));
        List<StatusEvent> events = awaitJobFinished(job, name, Duration.ofSeconds(90));
        assertThat(count(events, Stage.START)).isEqualTo(1);
        assertThat(count(events, Stage.END)).isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isZero();
        StatusEvent end = events.get(events.size() - 1);
        assertThat(end.stage()).isEqualTo(Stage.END);
        assertThat(end.processed()).isZero();
        assertThat(end.description()).isEqualTo("0");
        assertThat(countRows(db, database, "emp")).as("the job's rows (none) replaced the old 100").isZero();
        assertThat(stagingTables(database)).isEmpty();
    }

    @Test
    void readersSeeTheOldTableOrTheWholeNewOne() throws Exception {
        String database = "ow_ok_" + db.name();
        String topic = "ow-ok-" + db.name();
        oldContent(database);
        connect().createTopic(topic, 1);
        int n = 8000;
        Set<Long> seen = new ConcurrentSkipListSet<>();
        List<Throwable> readerErrors = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (Connection conn = db.connect(database); Statement s = conn.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM emp")) {
                        rs.next();
                        seen.add(rs.getLong(1));
                    }
                }
            } catch (Exception e) {
                readerErrors.add(e);
            }
        }, "overwrite-reader");
        reader.start();
        try {
            try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
                p.sendJob(topic, 1, "J-ow-" + db.name(), 1, n, n);
            }
            connectors.add("ow-ok-sink-" + db.name());
            connect().rest().createConnector("ow-ok-sink-" + db.name(), config(database, topic));
            List<StatusEvent> events = awaitJobFinished("J-ow-" + db.name(), "ow-ok-sink-" + db.name(), Duration.ofSeconds(90));
            assertThat(count(events, Stage.END)).isEqualTo(1);
            assertThat(events.get(events.size() - 1).description()).isEqualTo(Integer.toString(n));
        } finally {
            stop.set(true);
            reader.join(10_000);
        }
        assertThat(readerErrors).isEmpty();
        assertThat(seen).contains(100L, (long) n).containsOnly(100L, (long) n);
        assertThat(countRows(db, database, "emp")).isEqualTo(n);
        assertThat(rows(db, database, "SELECT COUNT(*) AS c FROM emp WHERE name = 'old'").get(0).get("c"))
                .isEqualTo(0L);
        assertThat(stagingTables(database)).isEmpty();
    }

    @Test
    void aFailedJobLeavesTheTableAsItWas() throws Exception {
        String database = "ow_fail_" + db.name();
        String topic = "ow-fail-" + db.name();
        oldContent(database);
        connect().createTopic(topic, 1);
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= 50; i++) {
                p.send(topic, 0, i == 30 ? employee(i).put("name", "far too long for ten") : employee(i),
                        new JobHeaders("J-ow-fail-" + db.name(), 50, i, i == 50));
            }
            p.flush();
        }
        Map<String, String> c = config(database, topic);
        c.put("batch.size", "10");
        connectors.add("ow-fail-sink-" + db.name());
        connect().rest().createConnector("ow-fail-sink-" + db.name(), c);
        List<StatusEvent> events = awaitJobFinished("J-ow-fail-" + db.name(), "ow-fail-sink-" + db.name(), Duration.ofSeconds(90));
        assertThat(count(events, Stage.ERROR)).isEqualTo(1);
        assertThat(count(events, Stage.END)).isZero();
        assertThat(countRows(db, database, "emp")).isEqualTo(100);
        assertThat(rows(db, database, "SELECT COUNT(*) AS c FROM emp WHERE name = 'old'").get(0).get("c"))
                .isEqualTo(100L);
        assertThat(stagingTables(database)).isEmpty();
    }
}
