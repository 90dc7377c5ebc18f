package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitJobFinished;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.count;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.countRows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.events;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.execute;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.Wait;

/** Overwrite on MariaDB: one atomic RENAME TABLE after the commit that ends the job. */
class MariaDbOverwriteIT extends AbstractOverwriteIT {

    MariaDbOverwriteIT() {
        super(TargetDatabase.mariaDb());
    }

    /**
     * The ending commit went through, then the RENAME was cut off: its session is killed while it waits for a
     * reader's metadata lock. The job stays SWAPPING and sends no 'end'; the retry renames the staging table in and
     * the job sends exactly one 'end'.
     */
    @Test
    void aSwapCutOffAfterTheEndingCommitIsFinishedByTheRetry() throws Exception {
        String database = "ow_cut_mariadb";
        String topic = "ow-cut-mariadb";
        String job = "J-ow-cut";
        String name = "ow-cut-sink";
        int n = 2000;
        oldContent(database);
        connect().createTopic(topic, 1);
        try (Connection reader = db.connect(database); Statement s = reader.createStatement()) {
            // A reader's open transaction holds a metadata lock on emp: the swap's RENAME waits for it.
            reader.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM emp")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(100);
            }
            try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
                p.sendJob(topic, 1, job, 1, n, n);
            }
            Map<String, String> c = config(database, topic);
            c.put("retry.backoff.ms", "500");
            connectors.add(name);
            connect().rest().createConnector(name, c);

            long rename = awaitWaitingRename(database, -1);
            assertThat(jobState(database, job)).isEqualTo("SWAPPING");
            execute(db, database, "KILL CONNECTION " + rename);

            long again = awaitWaitingRename(database, rename);
            assertThat(again).isNotEqualTo(rename);
            assertThat(jobState(database, job)).isEqualTo("SWAPPING");
            List<StatusEvent> before = events(job, name, ev -> ev.stream().anyMatch(e -> e.stage() == Stage.START),
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(count(before, Stage.END)).as("no 'end' before the table is swapped in").isZero();
            reader.commit();
        }
        List<StatusEvent> events = awaitJobFinished(job, name, Duration.ofSeconds(90));
        assertThat(count(events, Stage.START)).isEqualTo(1);
        assertThat(count(events, Stage.ERROR)).isZero();
        assertThat(count(events, Stage.END)).isEqualTo(1);
        assertThat(events.get(events.size() - 1).description()).isEqualTo(Integer.toString(n));
        assertThat(countRows(db, database, "emp")).isEqualTo(n);
        assertThat(rows(db, database, "SELECT COUNT(*) AS c FROM emp WHERE name = 'old'").get(0).get("c"))
                .isEqualTo(0L);
        assertThat(stagingTables(database)).isEmpty();
        assertThat(jobState(database, job)).isEqualTo("ENDED");
    }

    /** The id of a session whose RENAME TABLE waits for a metadata lock, other than {@code not}. */
    private long awaitWaitingRename(String database, long not) throws Exception {
        long[] found = {-1};
        Wait.until("a RENAME TABLE waiting for the reader's metadata lock", Duration.ofSeconds(60), () -> {
            List<Map<String, Object>> r;
            try {
                r = rows(db, database, "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE "
                        + "'RENAME TABLE%' AND STATE LIKE 'Waiting for table metadata lock%' AND ID <> " + not);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            if (r.isEmpty()) {
                return false;
            }
            found[0] = ((Number) r.get(0).get("id")).longValue();
            return true;
        });
        return found[0];
    }

    private String jobState(String database, String job) throws Exception {
        return (String) rows(db, database, "SELECT state FROM pkuse_connect_jobs WHERE job_id = '" + job + "'")
                .get(0).get("state");
    }
}
