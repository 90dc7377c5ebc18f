package org.pkuse.connect.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pkuse.connect.it.jdbc.TargetDatabase;
import org.pkuse.connect.testkit.ConnectorStates;
import org.pkuse.connect.testkit.ProcessConnectCluster;
import org.pkuse.connect.testkit.TopicReader;

/**
 * The JDBC source in continuous mode (Confluent's keys, no job) on workers with
 * {@code exactly.once.source.support=enabled}: while an application keeps inserting, the worker polling the table
 * dies the hard way (SIGKILL: no task stop, no offset flush). The task moves to the other worker and resumes from the
 * offset committed with its last transaction, so every row arrives exactly once, in order, also after waiting long
 * enough for a late duplicate (session timeout + rebalance delay + offset flush).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContinuousSourceWorkerKillIT {

    private static final int ROWS = 12_000;
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final Duration LATE_DUPLICATE_WINDOW = Duration.ofSeconds(20);
    private static final String DB = "kill_continuous";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TargetDatabase db = TargetDatabase.mariaDb();
    private ProcessConnectCluster connect;

    @BeforeAll
    void startCluster() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
        props.put("heartbeat.interval.ms", "2000");
        props.put("exactly.once.source.support", "enabled");
        connect = ProcessConnectCluster.builder().workerProps(props)
                .brokerProp("transaction.state.log.replication.factor", "1")
                .brokerProp("transaction.state.log.min.isr", "1").start();
    }

    @AfterAll
    void stopCluster() {
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    void theWorkerPollingATableDiesWhileRowsArriveAndEachRowIsSentOnce() throws Exception {
        db.recreate(DB);
        try (Connection c = db.connect(DB)) {
            c.createStatement().execute("CREATE TABLE emp (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(40))");
        }
        insert(1, ROWS / 4);
        String topic = "ck_emp";
        connect.createTopic(topic, 1);

        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "org.pkuse.connect.jdbc.JdbcSourceConnector");
        config.put("connection.url", db.connectorUrl(DB));
        config.put("connection.user", db.user());
        config.put("connection.password", db.password());
        config.put("mode", "incrementing");
        config.put("incrementing.column.name", "id");
        config.put("table.whitelist", "emp");
        config.put("topic.prefix", "ck_");
        config.put("poll.interval.ms", "200");
        config.put("batch.max.rows", "100");
        config.put("exactly.once.support", "required"); // the worker refuses the connector unless it declares it
        String name = "continuous-kill";
        connect.rest().createConnector(name, config);

        // The application inserts the other rows, 100 every 100 ms, through the kill and the task's move.
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int from = ROWS / 4 + 1; from <= ROWS && !stop.get(); from += 100) {
                    insert(from, Math.min(ROWS, from + 99));
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            TopicReader.readAtLeast(connect.bootstrapServers(), topic, ROWS / 2, Duration.ofMinutes(2),
                    Duration.ZERO);
            int victim = connect.workerRunning(name, 0);
            connect.kill(victim);
            assertThat(connect.worker(victim).alive()).isFalse();
            assertThat(writer.isDone()).as("rows were still being inserted at the kill").isFalse();

            List<ConsumerRecord<byte[], byte[]>> records;
            try {
                records = TopicReader.readAtLeast(connect.bootstrapServers(), topic, ROWS, Duration.ofMinutes(3),
                        LATE_DUPLICATE_WINDOW);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + diagnosis(name, writer), e);
            }
            writer.join();
            List<Long> expected = new ArrayList<>();
            for (long id = 1; id <= ROWS; id++) {
                expected.add(id);
            }
            assertThat(ids(records)).as("ids in the topic: each once, in order").isEqualTo(expected);
            connect.restart(victim);
            connect.awaitWorkers(connect.workers(), Duration.ofSeconds(60));
        } finally {
            stop.set(true);
            connect.rest().deleteConnector(name);
        }
    }

    /** What a stalled topic looked like: the rows written, the writer, the connector, the survivors' warnings. */
    private String diagnosis(String name, CompletableFuture<Void> writer) {
        StringBuilder d = new StringBuilder();
        try (Connection c = db.connect(DB); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*), MAX(id) FROM emp")) {
            rs.next();
            d.append("table rows ").append(rs.getLong(1)).append(" (max id ").append(rs.getLong(2)).append(')');
        } catch (Exception e) {
            d.append("table unreadable (").append(e.getMessage()).append(')');
        }
        d.append("; writer ").append(!writer.isDone() ? "running" : writer.isCompletedExceptionally()
                ? "failed: " + writer.handle((v, t) -> String.valueOf(t)).join() : "done");
        d.append("; ").append(ConnectorStates.describe(connect.rest(), name));
        for (int w = 0; w < connect.workers(); w++) {
            if (connect.worker(w).alive()) {
                d.append("\nworker ").append(w).append(" warnings:\n").append(connect.worker(w).warnings(40));
            }
        }
        return d.toString();
    }

    private void insert(int from, int to) throws Exception {
        try (Connection c = db.connect(DB);
             PreparedStatement ps = c.prepareStatement("INSERT INTO emp VALUES (?, ?)")) {
            c.setAutoCommit(false);
            for (int id = from; id <= to; id++) {
                ps.setLong(1, id);
                ps.setString(2, "员工-" + id);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }

    private static List<Long> ids(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ids.add(JSON.readTree(r.value()).get("payload").get("id").asLong());
        }
        return ids;
    }
}
