package org.pkuse.connect.jdbc.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DatabaseDialects;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.SqlServer;
import org.roaringbitmap.RoaringBitmap;

/**
 * {@link ControlTables} and the rows it owns, with {@link EventOutbox} and {@link JobLedger} that write the owed
 * events next to them, against a real database (one subclass per database): creating the tables (again, over
 * existing rows and rows in the older index format), offsets per connector, the job row's claims and conditional
 * flips, row locks, and the events owed with each change.
 */
abstract class AbstractControlTablesIT {

    static final String DB = "control";
    static final String CONNECTOR = "ctl-test";
    static final TopicPartition P0 = new TopicPartition("orders", 0);
    static final TopicPartition P1 = new TopicPartition("orders", 1);

    DatabaseDialect dialect;
    ControlTables control;

    /** The database server, started for the class. */
    abstract SqlServer server();

    /** Drops and creates {@link #DB}. */
    void recreateDatabase() {
        server().recreateDatabase(DB);
    }

    /** A new connection to {@link #DB}, auto-commit on. */
    Connection connect() throws SQLException {
        return server().connect(DB);
    }

    String url() {
        return server().url(DB);
    }

    /** Makes a lock wait on this session give up after about a second. */
    abstract void shortLockWait(Connection conn) throws SQLException;

    /** The query that gives a session its id, and the statement (taking that id) that ends another session. */
    abstract String[] sessionIdAndKill();

    private HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername(server().user());
        config.setPassword(server().password());
        return config;
    }

    /** Ends the session of {@code victim} from {@code admin}, as a DBA's kill or a failover would. */
    private void killSession(Connection admin, Connection victim) throws SQLException {
        long id;
        try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery(sessionIdAndKill()[0])) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement s = admin.prepareStatement(sessionIdAndKill()[1])) {
            s.setLong(1, id);
            s.execute();
        }
    }

    @BeforeEach
    void freshTables() throws SQLException {
        recreateDatabase();
        try (Connection conn = connect()) {
            dialect = DatabaseDialects.resolve(null, url(), ServerInfo.of(conn.getMetaData()));
            control = tablesOf(CONNECTOR);
            control.create(conn);
        }
    }

    ControlTables tablesOf(String connector) {
        return new ControlTables(dialect, TableId.parse("pkuse_connect_offsets"), TableId.parse("pkuse_connect_jobs"),
                TableId.parse("pkuse_connect_events"), connector);
    }

    private List<String> columns(Connection conn, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData md = conn.getMetaData();
        try (ResultSet rs = md.getColumns(conn.getCatalog(), conn.getSchema(), table, "%")) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private long count(Connection conn, String sql) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSessionKilledBeforeCreateFailsAsALostConnectionAndTheNextConnectionCreatesTheTables() throws SQLException {
        recreateDatabase();
        HikariConfig config = poolConfig();
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config); Connection admin = connect()) {
            try (Connection conn = pool.getConnection()) {
                killSession(admin, conn);
                // The first DDL meets the kill; the pool then closes the connection, and a second try on it (as a
                // create racing another task's does) would only see "Connection is closed": still the lost link.
                assertThatThrownBy(() -> control.create(conn))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(SqlErrors.isTransient(e)).as("transient: %s", e).isTrue());
                assertThatThrownBy(() -> conn.createStatement().execute("SELECT 1"))
                        .satisfies(e -> assertThat(SqlErrors.isTransient(e)).as("transient: %s", e).isTrue());
            }
            try (Connection conn = pool.getConnection()) {
                control.create(conn);
                assertThat(columns(conn, "pkuse_connect_jobs")).contains("job_id", "indexes");
            }
        }
    }

    @Test
    void createMakesTheDocumentedTablesAndRunsAgainOverTheirRows() throws SQLException {
        try (Connection conn = connect()) {
            assertThat(columns(conn, "pkuse_connect_offsets")).containsExactlyInAnyOrder("connector", "topic",
                    "kafka_partition", "committed_offset", "updated_at");
            assertThat(columns(conn, "pkuse_connect_jobs")).containsExactlyInAnyOrder("connector", "job_id", "topic",
                    "predicted_total", "end_index", "committed_count", "dead_lettered", "state", "indexes",
                    "started_at", "updated_at");
            assertThat(columns(conn, "pkuse_connect_events")).containsExactlyInAnyOrder("id", "connector", "job_id",
                    "event_id", "payload", "created_at");

            control.ensureOffsetRows(conn, List.of(P0));
            control.updateOffsets(conn, Map.of(P0, 41L));
            control.createJobIfAbsent(conn, "J1", "orders", 10);

            control.create(conn); // the next task's start, and one inside a transaction
            conn.setAutoCommit(false);
            control.create(conn);
            conn.commit();
            conn.setAutoCommit(true);

            assertThat(control.readOffsets(conn, List.of(P0))).isEqualTo(Map.of(P0, 41L));
            assertThat(control.readJob(conn, "J1", false).predictedTotal()).isEqualTo(10);
        }
    }

    @Test
    void aJobRowInTheOlderIndexFormatIsReadAndRewrittenInTheWideOneOnlyWhenAnIndexNeedsIt() throws Exception {
        try (Connection conn = connect()) {
            control.createJobIfAbsent(conn, "J-old", "orders", 5);
            // Earlier versions stored the 32-bit portable Roaring format.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                RoaringBitmap.bitmapOf(1, 2, 4).serialize(out);
            }
            setIndexes(conn, "J-old", bytes.toByteArray());

            JobProgress old = control.readJob(conn, "J-old", false);
            assertThat(old.contains(1)).isTrue();
            assertThat(old.contains(2)).isTrue();
            assertThat(old.contains(3)).isFalse();
            assertThat(old.contains(4)).isTrue();

            assertThat(old.claim(3)).isTrue();
            assertThat(old.claim(2)).as("committed already").isFalse();
            control.updateJob(conn, old);
            assertThat(storedIndexes(conn, "J-old")[0]).as("all within 32 bits: still the older format")
                    .isNotEqualTo((byte) 0x40);

            JobProgress again = control.readJob(conn, "J-old", false);
            long big = 5_000_000_000L;
            assertThat(again.claim(big)).isTrue();
            control.updateJob(conn, again);
            assertThat(storedIndexes(conn, "J-old")[0]).isEqualTo((byte) 0x40);

            JobProgress wide = control.readJob(conn, "J-old", false);
            for (long i : new long[] {1, 2, 3, 4, big}) {
                assertThat(wide.contains(i)).as("index %d", i).isTrue();
            }
            assertThat(wide.contains(5)).isFalse();
        }
    }

    private void setIndexes(Connection conn, String jobId, byte[] indexes) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE " + dialect.table(control.jobsTable()) + " SET "
                + dialect.quote("indexes") + " = ? WHERE " + dialect.quote("job_id") + " = ?")) {
            ps.setBytes(1, indexes);
            ps.setString(2, jobId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private byte[] storedIndexes(Connection conn, String jobId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + dialect.quote("indexes") + " FROM "
                + dialect.table(control.jobsTable()) + " WHERE " + dialect.quote("job_id") + " = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    @Test
    void offsetsArePerConnectorAndAPartitionWithoutACommittedRecordHasNone() throws SQLException {
        ControlTables other = tablesOf("other-connector");
        try (Connection conn = connect()) {
            assertThat(control.readOffsets(conn, List.of(P0, P1))).as("no rows yet").isEmpty();

            control.ensureOffsetRows(conn, List.of(P0, P1));
            assertThat(control.readOffsets(conn, List.of(P0, P1))).as("rows at -1: nothing committed").isEmpty();
            assertThat(control.lockOffsets(conn, List.of(P0, P1))).isEqualTo(Map.of(P0, -1L, P1, -1L));

            control.updateOffsets(conn, Map.of(P0, 7L));
            control.ensureOffsetRows(conn, List.of(P0, P1)); // a later flush: must not reset P0
            assertThat(control.readOffsets(conn, List.of(P0, P1))).isEqualTo(Map.of(P0, 7L));

            other.ensureOffsetRows(conn, List.of(P0));
            other.updateOffsets(conn, Map.of(P0, 99L));
            assertThat(control.readOffsets(conn, List.of(P0))).isEqualTo(Map.of(P0, 7L));
            assertThat(other.readOffsets(conn, List.of(P0, P1))).isEqualTo(Map.of(P0, 99L));
        }
    }

    @Test
    void aJobRowIsCreatedByOneCallerOnlyEvenWhenTwoRaceForIt() throws Exception {
        try (Connection a = connect(); Connection b = connect()) {
            a.setAutoCommit(false);
            assertThat(control.createJobIfAbsent(a, "J1", "orders", 3)).isTrue();

            // b tries while a's insert is not committed: it waits for a, then finds the row.
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return control.createJobIfAbsent(b, "J1", "orders", 3);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(second).as("waits on the first caller's uncommitted row").isNotDone();
            a.commit();
            assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();

            assertThat(control.createJobIfAbsent(a, "J1", "orders", 3)).isFalse();
            a.commit();
            assertThat(tablesOf("other-connector").createJobIfAbsent(a, "J1", "orders", 3))
                    .as("another connector's job of the same id is its own").isTrue();
            a.commit();

            JobProgress row = control.readJob(b, "J1", false);
            assertThat(row.state()).isEqualTo(JobProgress.State.RUNNING);
            assertThat(row.written()).isZero();
            assertThat(row.endIndex()).isNull();
            assertThat(row.topic()).isEqualTo("orders");
            assertThat(control.readJob(b, "nope", false)).isNull();
        }
    }

    @Test
    void aLockedJobRowMakesAnotherLockerWaitUntilCommit() throws Exception {
        try (Connection setup = connect()) {
            control.createJobIfAbsent(setup, "J1", "orders", 3);
        }
        try (Connection a = connect(); Connection b = connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            shortLockWait(b);
            assertThat(control.lockJob(a, "J1")).isNotNull();

            assertThatThrownBy(() -> control.lockJob(b, "J1")).as("the row is a's until it commits")
                    .isInstanceOf(SQLException.class);
            b.rollback();

            JobProgress row = control.lockJob(a, "J1");
            row.claim(1);
            row.countWritten(1);
            control.updateJob(a, row);
            a.commit();

            JobProgress seen = control.lockJob(b, "J1");
            assertThat(seen.written()).as("b sees a's committed change").isEqualTo(1);
            assertThat(seen.contains(1)).isTrue();
            b.commit();
        }
    }

    @Test
    void theFlipsToFailedAndEndedHappenOnceAndOnlyFromTheStatesTheyLeave() throws SQLException {
        try (Connection conn = connect()) {
            for (String id : List.of("running", "swapping", "ended")) {
                control.createJobIfAbsent(conn, id, "orders", 2);
            }
            setState(conn, "swapping", JobProgress.State.SWAPPING);
            setState(conn, "ended", JobProgress.State.ENDED);

            assertThat(control.markSwapped(conn, "running")).isFalse();
            assertThat(control.markSwapped(conn, "swapping")).isTrue();
            assertThat(control.markSwapped(conn, "swapping")).as("once").isFalse();
            assertThat(control.readJob(conn, "swapping", false).state()).isEqualTo(JobProgress.State.ENDED);

            assertThat(control.markFailed(conn, "ended")).as("an ended job stays ended").isFalse();
            assertThat(control.markFailed(conn, "running")).isTrue();
            assertThat(control.markFailed(conn, "running")).as("once").isFalse();
            assertThat(control.readJob(conn, "ended", false).state()).isEqualTo(JobProgress.State.ENDED);

            control.createJobIfAbsent(conn, "swapping2", "orders", 2);
            setState(conn, "swapping2", JobProgress.State.SWAPPING);
            assertThat(control.markFailed(conn, "swapping2")).as("a swap not done yet can still fail").isTrue();

            assertThat(control.jobsIn(conn, JobProgress.State.FAILED)).extracting(JobProgress::jobId)
                    .containsExactly("running", "swapping2");
            assertThat(tablesOf("other-connector").markFailed(conn, "ended")).isFalse();
        }
    }

    private void setState(Connection conn, String jobId, JobProgress.State state) throws SQLException {
        JobProgress row = control.readJob(conn, jobId, false);
        row.state(state);
        control.updateJob(conn, row);
    }

    @Test
    void updateJobStoresTheProgressAndRunningJobsTellHowLongTheyWereIdle() throws SQLException {
        try (Connection conn = connect()) {
            control.createJobIfAbsent(conn, "J1", "orders", 3);
            control.createJobIfAbsent(conn, "J2", "orders", 1);
            tablesOf("other-connector").createJobIfAbsent(conn, "J3", "orders", 1);
            JobProgress j1 = control.readJob(conn, "J1", false);
            j1.claim(1);
            j1.claim(3);
            j1.endAt(3);
            j1.countWritten(1);
            j1.countDeadLettered(1);
            control.updateJob(conn, j1);
            setState(conn, "J2", JobProgress.State.ENDED);
            try (Statement s = conn.createStatement()) {
                s.executeUpdate("UPDATE " + dialect.table(control.jobsTable()) + " SET " + dialect.quote("updated_at")
                        + " = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE WHERE " + dialect.quote("job_id") + " = 'J1'");
            }

            List<ControlTables.Idle> running = control.runningJobs(conn);
            assertThat(running).extracting(i -> i.job().jobId()).containsExactly("J1");
            ControlTables.Idle idle = running.get(0);
            assertThat(idle.idleMillis()).isBetween(59_000L, 120_000L);
            JobProgress stored = idle.job();
            assertThat(stored.endIndex()).isEqualTo(3L);
            assertThat(stored.written()).isEqualTo(1);
            assertThat(stored.deadLettered()).isEqualTo(1);
            assertThat(stored.predictedTotal()).isEqualTo(3);
            assertThat(stored.contains(1)).isTrue();
            assertThat(stored.contains(2)).isFalse();
            assertThat(stored.contains(3)).isTrue();
        }
    }

    // --- the events owed with the rows ---

    private static StatusConfig statusOn() {
        Map<String, String> props = new HashMap<>();
        props.put(StatusConfig.BROKER, "127.0.0.1:9"); // never contacted: nothing here sends
        props.put(StatusConfig.CONNECTOR_NAME, CONNECTOR);
        return new StatusConfig(new AbstractConfig(StatusConfig.update(new ConfigDef()), props), CONNECTOR);
    }

    private static final JobLedger.Completion APPEND = new JobLedger.Completion() {
        @Override
        public void beforeEnd(Connection conn, JobProgress job) {
        }

        @Override
        public boolean swapsAfterCommit() {
            return false;
        }
    };

    /** A data source that hands out new connections to the test database (the ledger closes what it takes). */
    private DataSource dataSource() {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return connect();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The events owed, oldest first, as the publisher takes them: locks the oldest, removes it once sent. */
    private List<StatusEvent> drain(EventOutbox outbox) throws SQLException {
        List<StatusEvent> sent = new ArrayList<>();
        try (Connection conn = connect()) {
            conn.setAutoCommit(false);
            for (EventOutbox.Owed owed = outbox.lockOldest(conn); owed != null; owed = outbox.lockOldest(conn)) {
                sent.add(owed.event());
                outbox.remove(conn, owed.id());
                conn.commit();
            }
            conn.commit();
        }
        return sent;
    }

    @Test
    void aClaimedEventSaysSinceWhenAndByWhomAndStillReadsAsTheEvent() throws SQLException {
        EventOutbox outbox = new EventOutbox(dialect, TableId.parse("pkuse_connect_events"), CONNECTOR);
        SinkEvents events = new SinkEvents(statusOn(), outbox);
        try (Connection conn = connect()) {
            events.started(conn, "J5", "orders", 3);
            conn.setAutoCommit(false);
            EventOutbox.Owed owed = outbox.lockOldest(conn);
            assertThat(owed.sendingSince()).as("not claimed yet").isNull();
            outbox.claim(conn, owed, 1234L, "publisher-a");
            conn.commit();
            EventOutbox.Owed claimed = outbox.lockOldest(conn);
            assertThat(claimed.id()).isEqualTo(owed.id());
            assertThat(claimed.sendingSince()).isEqualTo(1234L);
            assertThat(claimed.sendingBy()).isEqualTo("publisher-a");
            assertThat(claimed.event()).isEqualTo(owed.event());
            conn.rollback();
        }
        assertThat(drain(outbox)).extracting(StatusEvent::eventId).containsExactly("sink/ctl-test/J5/start");
    }

    @Test
    void theOutboxHandsOutEachConnectorsEventsOldestFirstUntilRemoved() throws SQLException {
        EventOutbox outbox = new EventOutbox(dialect, TableId.parse("pkuse_connect_events"), CONNECTOR);
        EventOutbox others = new EventOutbox(dialect, TableId.parse("pkuse_connect_events"), "other-connector");
        SinkEvents events = new SinkEvents(statusOn(), outbox);
        try (Connection conn = connect()) {
            assertThat(outbox.lockOldest(conn)).isNull();
            events.started(conn, "J2", "orders", 5);
            others.add(conn, event("other-connector", "J9"));
            events.started(conn, "J1", "orders", 7);

            conn.setAutoCommit(false);
            EventOutbox.Owed first = outbox.lockOldest(conn);
            assertThat(first.event().taskId()).isEqualTo("J2");
            assertThat(outbox.lockOldest(conn).id()).as("not removed: still the oldest").isEqualTo(first.id());
            conn.rollback();
        }
        assertThat(drain(outbox)).extracting(StatusEvent::taskId, StatusEvent::stage, StatusEvent::description,
                StatusEvent::eventId).containsExactly(
                        tuple("J2", Stage.START, "5", "sink/ctl-test/J2/start"),
                        tuple("J1", Stage.START, "7", "sink/ctl-test/J1/start"));
        assertThat(drain(outbox)).isEmpty();
        assertThat(drain(others)).extracting(StatusEvent::taskId).containsExactly("J9");
    }

    private static StatusEvent event(String connector, String taskId) {
        return new StatusEvent(connector, taskId, "orders", Stage.START, "1", 0L,
                Side.SINK, 1L, null, null, null, null,
                StatusEvent.idOf(Side.SINK, connector, taskId, Stage.START), null);
    }

    @Test
    void aLedgerThatSawAJobsRowDoesNotWaitForAnotherTasksLockOnItAtItsNextFlush() throws Exception {
        JobLedger ledger = new JobLedger(dataSource(), control, new SinkEvents(statusOn(), new EventOutbox(dialect,
                TableId.parse("pkuse_connect_events"), CONNECTOR)), () -> { }, APPEND);
        try (Connection conn = connect()) {
            ledger.create(conn, Map.of("J1", new JobLedger.Start("orders", 3)));
        }
        try (Connection other = connect(); Connection next = connect()) {
            other.setAutoCommit(false);
            assertThat(control.lockJob(other, "J1")).as("another task of the job, at the end of its flush")
                    .isNotNull();
            shortLockWait(next);

            ledger.create(next, Map.of("J1", new JobLedger.Start("orders", 3))); // MariaDB: waited 1 s, then failed

            assertThat(next.getAutoCommit()).isTrue();
            other.rollback();
        }
    }

    @Test
    void theLedgerOwesStartOnceWithTheRowErrorOnceWithTheFlipAndEndOnceWithTheSwap() throws Exception {
        EventOutbox outbox = new EventOutbox(dialect, TableId.parse("pkuse_connect_events"), CONNECTOR);
        AtomicInteger wakes = new AtomicInteger();
        JobLedger ledger = new JobLedger(dataSource(), control, new SinkEvents(statusOn(), outbox),
                wakes::incrementAndGet, APPEND);
        Map<String, JobLedger.Start> jobs = new LinkedHashMap<>();
        jobs.put("J1", new JobLedger.Start("orders", 3));
        jobs.put("J2", new JobLedger.Start("orders", 4));
        try (Connection conn = connect()) {
            ledger.create(conn, jobs);
            assertThat(conn.getAutoCommit()).as("left as it was").isTrue();
            ledger.create(conn, Map.of("J1", new JobLedger.Start("orders", 3))); // another task, same job
        }
        assertThat(wakes.get()).as("the publisher is woken for the commit that owed something").isEqualTo(1);
        assertThat(drain(outbox)).extracting(StatusEvent::taskId, StatusEvent::stage)
                .containsExactly(tuple("J1", Stage.START),
                        tuple("J2", Stage.START));

        List<JobProgress> failed = ledger.markFailed(Map.of("J1", "orders"), "task died",
                new IllegalStateException("boom"));
        assertThat(failed).extracting(JobProgress::jobId).containsExactly("J1");
        assertThat(ledger.markFailed(Map.of("J1", "orders"), "task died again", new IllegalStateException("boom"))).as("once").isEmpty();
        List<StatusEvent> errors = drain(outbox);
        assertThat(errors).extracting(StatusEvent::taskId, StatusEvent::stage, StatusEvent::eventId)
                .containsExactly(tuple("J1", Stage.ERROR, "sink/ctl-test/J1/error"));
        assertThat(errors.get(0).description()).contains("task died");

        try (Connection conn = connect()) {
            setState(conn, "J2", JobProgress.State.SWAPPING);
            assertThat(ledger.swapping(conn)).extracting(JobProgress::jobId).containsExactly("J2");
            JobProgress j2 = control.readJob(conn, "J2", false);
            assertThat(ledger.swapped(conn, j2)).isTrue();
            assertThat(ledger.swapped(conn, control.readJob(conn, "J2", false))).as("once").isFalse();
            assertThat(control.readJob(conn, "J2", false).state()).isEqualTo(JobProgress.State.ENDED);
            assertThat(ledger.swapping(conn)).isEmpty();
        }
        assertThat(drain(outbox)).extracting(StatusEvent::taskId, StatusEvent::stage, StatusEvent::eventId)
                .containsExactly(tuple("J2", Stage.END, "sink/ctl-test/J2/end"));
    }

    @Test
    void aTaskCreatesAPartitionsOffsetRowOnceAndNoticesOneDeletedUnderIt() throws SQLException {
        try (Connection conn = connect()) {
            control.ensureOffsetRows(conn, List.of(P0));
            control.updateOffsets(conn, Map.of(P0, 7L));
            try (Statement s = conn.createStatement()) {
                s.executeUpdate("DELETE FROM " + dialect.table(control.offsetsTable())); // an operator, wrongly
            }

            control.ensureOffsetRows(conn, List.of(P0));
            assertThat(control.readOffsets(conn, List.of(P0))).as("a row it saw is not inserted again").isEmpty();
            assertThatThrownBy(() -> control.lockOffsets(conn, List.of(P0)))
                    .isInstanceOf(SQLTransientException.class)
                    .hasMessageContaining("offset row of " + P0 + " vanished from");

            control.ensureOffsetRows(conn, List.of(P0)); // the retried flush
            assertThat(control.lockOffsets(conn, List.of(P0))).isEqualTo(Map.of(P0, -1L));
        }
    }

    @Test
    void aFlushWakesThePublisherOnlyWhenItMadeAnEventOwed() throws Exception {
        EventOutbox outbox = new EventOutbox(dialect, TableId.parse("pkuse_connect_events"), CONNECTOR);
        AtomicInteger wakes = new AtomicInteger();
        Map<String, String> props = new HashMap<>();
        props.put(StatusConfig.BROKER, "127.0.0.1:9");
        props.put(StatusConfig.CONNECTOR_NAME, CONNECTOR);
        props.put(StatusConfig.INTERVAL_MS, "600000");
        StatusConfig status = new StatusConfig(new AbstractConfig(StatusConfig.update(new ConfigDef()), props),
                CONNECTOR);
        JobLedger ledger = new JobLedger(dataSource(), control, new SinkEvents(status, outbox),
                wakes::incrementAndGet, APPEND);
        List<Integer> wakesAfter = new ArrayList<>();
        try (Connection conn = connect()) {
            ledger.create(conn, Map.of("J1", new JobLedger.Start("orders", 3)));
            wakesAfter.add(wakes.get());
            conn.setAutoCommit(false);
            for (long index = 1; index <= 3; index++) {
                JobProgress flush = JobProgress.fresh("J1", "orders", 3);
                assertThat(flush.claim(index)).isTrue();
                flush.countWritten(1);
                if (index == 3) {
                    flush.endAt(3);
                }
                JobLedger.Absorbed absorbed = ledger.absorb(conn, Map.of("J1", flush),
                        ledger.read(conn, List.of("J1"), false), false);
                conn.commit();
                ledger.committed(absorbed);
                wakesAfter.add(wakes.get());
            }
        }
        assertThat(wakesAfter).as("'start'; the first 'processing'; none due; 'end'").containsExactly(1, 2, 2, 3);
        assertThat(drain(outbox)).extracting(StatusEvent::stage)
                .containsExactly(Stage.START, Stage.PROCESSING, Stage.END);
    }
}
