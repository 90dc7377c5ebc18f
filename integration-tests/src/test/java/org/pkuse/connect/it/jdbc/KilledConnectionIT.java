package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.awaitJobFinished;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.count;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.countRows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.sinkConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ConnectorStates;

/**
 * The database kills the sink's sessions in the middle of its transactions (as a DBA's {@code KILL}, a failover or
 * an idle-timeout would): every kill is retried as a lost connection, and the job still completes exactly once, with
 * every row written once. A kill can land during the COMMIT itself, where the client cannot know whether it took;
 * the job's control row, written in the same transaction, decides. A kill before the control tables exist (the
 * task's first statements) is retried the same way, and no task fails on the way.
 */
class KilledConnectionIT {

    private static final String NAME = "killed-connection-sink";
    private static final int ROWS = 40_000;
    private static final int CHUNK = 2_000;
    private static final int KILLS = 8;

    @AfterEach
    void cleanUp() {
        connect().rest().deleteConnector(NAME);
    }

    @Test
    void mariaDbSessionsKilledMidTransactionAreRetried() throws Exception {
        // A session is mid-transaction when it runs a statement or holds an open InnoDB transaction.
        jobSurvivesKilledSessions(TargetDatabase.mariaDb(), "killed_mariadb", (admin, database) -> {
            List<String[]> sessions = sessions(admin, "SELECT p.ID, CONCAT(p.COMMAND, ': ', "
                    + "COALESCE(LEFT(p.INFO, 50), '(between statements)')) FROM information_schema.PROCESSLIST p "
                    + "WHERE p.DB = ? AND p.ID <> CONNECTION_ID() AND (p.COMMAND = 'Query' OR p.ID IN "
                    + "(SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX))", database);
            if (sessions.isEmpty()) {
                return null;
            }
            try (Statement s = admin.createStatement()) {
                s.execute("KILL CONNECTION " + sessions.get(0)[0]);
                return sessions.get(0)[1];
            } catch (SQLException e) {
                return null; // it ended between the query and the kill
            }
        });
    }

    @Test
    void postgresSessionsKilledMidTransactionAreRetried() throws Exception {
        jobSurvivesKilledSessions(TargetDatabase.postgres(), "killed_postgres", (admin, database) -> {
            List<String[]> sessions = sessions(admin, "SELECT pid, state || ': ' || left(query, 50) "
                    + "FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid() "
                    + "AND state IN ('active', 'idle in transaction')", database);
            if (sessions.isEmpty()) {
                return null;
            }
            List<String[]> done = sessions(admin, "SELECT pg_terminate_backend(" + sessions.get(0)[0] + ")::text, ''",
                    null);
            return "true".equals(done.get(0)[0]) ? sessions.get(0)[1] : null;
        });
    }

    private void jobSurvivesKilledSessions(TargetDatabase db, String database, SessionKill kill) throws Exception {
        String topic = database + "-topic";
        String job = "J-" + database;
        db.recreate(database);
        connect().createTopic(topic, 2);
        Map<String, String> c = sinkConfig(db, database, topic, "emp");
        c.put("tasks.max", "2");
        c.put("insert.mode", "insert");
        c.put("pk.mode", "none"); // no key: a row written twice would be counted twice
        c.put("batch.size", "500");
        c.put("retry.backoff.ms", "300");
        c.put("max.retries", "20");
        connect().rest().createConnector(NAME, c);

        List<String> killed = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> killerFailure = new AtomicReference<>();
        Thread killer = new Thread(() -> killSessions(db, database, kill, killed), "session-killer");
        killer.setUncaughtExceptionHandler((t, e) -> killerFailure.set(e));
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            killer.start();
            // Chunks with pauses: the sink writes while the killer watches, chunk after chunk.
            for (int from = 1; from <= ROWS; from += CHUNK) {
                p.sendJob(topic, 2, job, from, from + CHUNK - 1, ROWS);
                Thread.sleep(300);
            }
            List<StatusEvent> events = awaitJobFinished(job, NAME, Duration.ofSeconds(180));
            killer.interrupt();
            killer.join();
            System.out.println(db.name() + ": killed mid-transaction: " + killed);
            assertThat(killerFailure.get()).as("the killer thread's own failure").isNull();
            // Without kills mid-transaction the test would prove nothing.
            assertThat(killed).as("sessions killed mid-transaction").hasSizeGreaterThanOrEqualTo(3);
            assertThat(count(events, Stage.START)).isEqualTo(1);
            assertThat(count(events, Stage.ERROR)).as("error events %s (killed: %s)", events.stream()
                    .filter(e -> e.stage() == Stage.ERROR).map(StatusEvent::description).toList(), killed).isZero();
            assertThat(count(events, Stage.END)).isEqualTo(1);
            assertThat(events.get(events.size() - 1).description()).isEqualTo(Integer.toString(ROWS));
            // A task that failed on a kill would not show in the counts: the other task takes over its partition.
            JsonNode status = connect().rest().status(NAME);
            assertThat(ConnectorStates.allTasks(status, "RUNNING")).as("every task still running: %s",
                    ConnectorStates.describe(status)).isTrue();
            assertThat(countRows(db, database, "emp")).isEqualTo(ROWS);
            assertThat(((Number) rows(db, database, "SELECT COUNT(DISTINCT id) AS d FROM emp").get(0).get("d"))
                    .longValue()).isEqualTo(ROWS);
        } finally {
            killer.interrupt();
            killer.join();
        }
    }

    /** Kills up to {@link #KILLS} sessions, one at least every 400 ms, each caught mid-transaction. */
    private static void killSessions(TargetDatabase db, String database, SessionKill kill, List<String> killed) {
        try (Connection admin = db.connect(database)) {
            while (killed.size() < KILLS && !Thread.currentThread().isInterrupted()) {
                String what = kill.killOne(admin, database);
                if (what != null) {
                    killed.add(what);
                    Thread.sleep(400);
                } else {
                    Thread.sleep(5);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sessions as (id, what it was doing). */
    private static List<String[]> sessions(Connection c, String sql, String database) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (database != null) {
                s.setString(1, database);
            }
            List<String[]> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return out;
        }
    }

    @FunctionalInterface
    private interface SessionKill {
        /** Kills one of the sink's sessions that is mid-transaction: what it was doing, or null if none was. */
        String killOne(Connection admin, String database) throws SQLException;
    }
}
