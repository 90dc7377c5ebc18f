package org.pkuse.connect.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pkuse.connect.it.jdbc.TargetDatabase;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ConnectorStates;
import org.pkuse.connect.testkit.ProcessConnectCluster;

/**
 * Workers die the hard way (SIGKILL, no task stop, no offset commit) in the middle of a job into MariaDB (from HBase,
 * or from MariaDB through the JDBC source: {@link #source()}), on a
 * distributed Connect cluster whose workers are separate JVMs loading the packaged plugins. Whatever dies when, the
 * table ends up with exactly the source's rows and each side sends exactly one 'start' and one 'end', no 'error',
 * also after waiting long enough for a late duplicate (session timeout + rebalance delay + offset flush).
 *
 * <p>The sink writes with {@code pk.mode=none} into a table without a key, so a row written twice would be counted
 * twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractWorkerKillIT {

    private static final int ROWS = 20_000;
    /** A dead worker's group membership and its sink consumer's partitions are given up after this. */
    private static final int SESSION_TIMEOUT_MS = 10_000;
    /** Session timeout + scheduled rebalance delay (5 s) + offset flush (1 s) + margin. */
    private static final Duration LATE_DUPLICATE_WINDOW = Duration.ofSeconds(20);

    private final TargetDatabase db = TargetDatabase.mariaDb();
    private final List<String> connectors = new ArrayList<>();
    private ProcessConnectCluster connect;

    /** Worker properties of this variant, on top of the fault-test ones. */
    protected abstract Map<String, String> variantWorkerProps();

    /** A short name of this variant, for the jobs, tables and topics of its tests. */
    protected abstract String variant();

    /** The source of the jobs: the HBase source unless a variant says otherwise. */
    protected KillSource source() {
        return KillSource.hbase();
    }

    @BeforeAll
    void startCluster() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
        props.put("heartbeat.interval.ms", "2000");
        props.put("consumer.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
        props.put("consumer.heartbeat.interval.ms", "2000");
        props.putAll(variantWorkerProps());
        // One broker: transactions (exactly-once source support) need their state log on that one broker.
        connect = ProcessConnectCluster.builder().workerProps(props)
                .brokerProp("transaction.state.log.replication.factor", "1")
                .brokerProp("transaction.state.log.min.isr", "1").start();
        connect.createTopic(FaultJobs.STATUS_TOPIC, 1);
    }

    @AfterAll
    void stopCluster() {
        if (connect != null) {
            connect.close();
        }
    }

    @AfterEach
    void cleanUp() {
        connectors.forEach(c -> connect.rest().deleteConnector(c));
        connectors.clear();
        for (int w = 0; w < connect.workers(); w++) {
            if (!connect.worker(w).alive()) {
                connect.restart(w);
            }
        }
        connect.awaitWorkers(connect.workers(), Duration.ofSeconds(60));
    }

    @Test
    void theWorkerRunningTheSourceDiesRightAfterTheStart() throws Exception {
        runJob("early", Side.SOURCE, events -> FaultJobs.has(events, Side.SOURCE, Stage.START), false);
    }

    @Test
    void theWorkerRunningTheSinkDiesMidJobAndComesBack() throws Exception {
        runJob("mid", Side.SINK, events -> events.stream().anyMatch(e -> e.side() == Side.SINK
                && e.stage() == Stage.PROCESSING && e.processed() != null && e.processed() >= ROWS / 3), true);
    }

    @Test
    void theWorkerRunningTheSourceDiesAroundItsLastRecord() throws Exception {
        runJob("last", Side.SOURCE, events -> FaultJobs.has(events, Side.SOURCE, Stage.END), false);
    }

    @Test
    void everyWorkerDiesMidJobAndAllComeBack() throws Exception {
        runJob("all", null, events -> events.stream().anyMatch(e -> e.side() == Side.SINK
                && e.stage() == Stage.PROCESSING && e.processed() != null && e.processed() >= ROWS / 2), true);
    }

    /** Runs a job and kills the worker running {@code victim}'s first task (every worker when null). */
    private void runJob(String moment, Side victim, Predicate<List<StatusEvent>> killWhen, boolean restart)
            throws Exception {
        String name = variant() + "_" + moment;
        String job = "kill-" + name;
        String database = "kill_" + name;
        String topic = source().prepare(name, ROWS);
        connect.createTopic(topic, 3); // two sink tasks share its partitions
        db.recreate(database);

        String source = "src-" + name;
        String sink = "sink-" + name;
        create(source, sourceConfig(source, name, job));
        create(sink, sinkConfig(topic, database, job));

        try {
            readEvents(job, killWhen, Duration.ofMinutes(2), Duration.ZERO);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " before the kill; " + diagnosis(job, source, sink, database),
                    e);
        }
        List<Integer> victims = new ArrayList<>();
        if (victim == null) {
            for (int w = 0; w < connect.workers(); w++) {
                victims.add(w);
            }
        } else {
            victims.add(connect.workerRunning(victim == Side.SOURCE ? source : sink, 0));
        }
        for (int w : victims) {
            connect.kill(w);
            assertThat(connect.worker(w).alive()).isFalse();
        }
        if (restart) {
            victims.forEach(connect::restart);
        }

        try {
            readEvents(job, events -> FaultJobs.has(events, Side.SINK, Stage.END)
                    || FaultJobs.has(events, Side.SINK, Stage.ERROR) || FaultJobs.has(events, Side.SOURCE, Stage.ERROR),
                    Duration.ofMinutes(3), Duration.ZERO);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + diagnosis(job, source, sink, database), e);
        }
        // Long enough for a late duplicate: a task that moves after the kill and sends what it sent before.
        List<StatusEvent> events = readEvents(job, e -> true, Duration.ofSeconds(10), LATE_DUPLICATE_WINDOW);
        assertOneStartOneEnd(events, Side.SOURCE, source);
        assertOneStartOneEnd(events, Side.SINK, sink);

        assertThat(FaultJobs.count(db, database, "SELECT COUNT(*) FROM emp")).as("rows").isEqualTo(ROWS);
        assertThat(FaultJobs.count(db, database, "SELECT COUNT(DISTINCT id) FROM emp")).as("distinct ids")
                .isEqualTo(ROWS);
        assertThat(tableRows(database)).isEqualTo(source().rows(name));
    }

    /** What a timed-out job looked like: its events by side and stage, the connectors' states, the rows written. */
    private String diagnosis(String job, String source, String sink, String database) {
        StringBuilder d = new StringBuilder();
        List<StatusEvent> events = readEvents(job, e -> true, Duration.ofSeconds(10), Duration.ZERO);
        for (Side side : Side.values()) {
            Map<Stage, Long> stages = events.stream().filter(e -> e.side() == side)
                    .collect(Collectors.groupingBy(StatusEvent::stage, TreeMap::new, Collectors.counting()));
            Long processed = events.stream().filter(e -> e.side() == side && e.processed() != null)
                    .map(StatusEvent::processed).max(Long::compare).orElse(null);
            d.append(side).append(" events ").append(stages).append(" processed ").append(processed).append("; ");
        }
        for (String name : List.of(source, sink)) {
            d.append(ConnectorStates.describe(connect.rest(), name)).append("; ");
        }
        d.append("rows ").append(FaultJobs.count(db, database, "SELECT COUNT(*) FROM emp"));
        for (int w = 0; w < connect.workers(); w++) {
            d.append("; worker ").append(w).append(connect.worker(w).alive() ? " alive" : " dead");
        }
        return d.toString();
    }

    private void create(String name, Map<String, String> config) {
        connectors.add(name);
        connect.rest().createConnector(name, config);
    }

    private Map<String, String> sourceConfig(String name, String table, String job) {
        Map<String, String> c = source().config(table, job, connect.bootstrapServers());
        c.put("pkuse.connector.name", name);
        c.put("pkuse.kafka.batch.size", "200");
        // Slow enough (about 13 s) that a kill lands inside the job.
        c.put("pkuse.kafka.max.records.per.second", "1500");
        c.put("pkuse.status.interval.ms", "500");
        return c;
    }

    private Map<String, String> sinkConfig(String topic, String database, String job) {
        Map<String, String> c = FaultJobs.sink(db, database, topic, job, connect.bootstrapServers());
        c.put("tasks.max", "2");
        c.put("batch.size", "500");
        c.put("pkuse.status.interval.ms", "200");
        return c;
    }

    private static void assertOneStartOneEnd(List<StatusEvent> events, Side side, String connectorName) {
        List<StatusEvent> mine = events.stream().filter(e -> e.side() == side).collect(Collectors.toList());
        assertThat(mine).as(side + " events").isNotEmpty();
        assertThat(mine).as(side + " events: one start").filteredOn(e -> e.stage() == Stage.START).hasSize(1);
        assertThat(mine).as(side + " events: one end").filteredOn(e -> e.stage() == Stage.END).hasSize(1);
        assertThat(mine).as(side + " events: no error").filteredOn(e -> e.stage() == Stage.ERROR).isEmpty();
        assertThat(mine.get(0).stage()).as(side + " events start with 'start'").isEqualTo(Stage.START);
        assertThat(mine.get(0).description()).isEqualTo(Integer.toString(ROWS));
        StatusEvent end = mine.get(mine.size() - 1);
        assertThat(end.stage()).as(side + " events end with 'end', nothing after it").isEqualTo(Stage.END);
        assertThat(end.processed()).isEqualTo((long) ROWS);
        assertThat(mine).allSatisfy(e -> assertThat(e.connectorName()).isEqualTo(connectorName));
    }

    private List<StatusEvent> readEvents(String job, Predicate<List<StatusEvent>> done, Duration timeout,
                                         Duration settle) {
        return FaultJobs.events(connect.bootstrapServers(), job, done, timeout, settle);
    }

    private SortedMap<Long, List<Object>> tableRows(String database) throws Exception {
        SortedMap<Long, List<Object>> rows = new TreeMap<>();
        try (Connection c = db.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, sex, salary FROM emp")) {
            while (rs.next()) {
                rows.put(rs.getLong("id"), List.of(rs.getString("name"), rs.getString("sex"), rs.getLong("salary")));
            }
        }
        return rows;
    }
}
