package org.pkuse.connect.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.it.jdbc.TargetDatabase;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.Wait;

/**
 * The status cluster (its own broker, as in the field) is stopped in the middle of an HBase → MariaDB job, stays
 * down past the job's last row, and comes back: the events the two sides owe arrive then, each once, in order; the
 * sink's wait in its events table; the data never waits for the status cluster.
 */
class StatusOutageIT {

    private static final int ROWS = 5_000;
    private static final String JOB = "outage-job";

    private final TargetDatabase db = TargetDatabase.mariaDb();
    private EmbeddedKafkaCluster status;

    @AfterEach
    void cleanUp() {
        TestKit.connect().rest().deleteConnector("outage-src");
        TestKit.connect().rest().deleteConnector("outage-sink");
        if (status != null) {
            status.stop();
        }
    }

    @Test
    void eventsOwedDuringAStatusOutageArriveOnceWhenItEnds() throws Exception {
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        status = new EmbeddedKafkaCluster(1, broker);
        status.start();
        status.createTopic(FaultJobs.STATUS_TOPIC, 1);

        ConnectCluster connect = TestKit.connect();
        HBaseCluster hbase = TestKit.hbase();
        hbase.createTable("outage:emp", List.of("info"), List.of("2", "4"));
        hbase.generateEmployees("outage:emp", "info", 1, ROWS, false);
        connect.createTopicIfMissing("outage_emp", 1);
        db.recreate("outage");

        connect.rest().createConnector("outage-src", sourceConfig());
        connect.rest().createConnector("outage-sink", sinkConfig());

        readEvents(events -> FaultJobs.has(events, Side.SOURCE, Stage.START), Duration.ofMinutes(2), Duration.ZERO);
        status.stopOnlyBrokers();

        // The data goes on: every row arrives while the status cluster is down, and the sink's 'end' waits in its
        // events table, recorded with the rows.
        Wait.until("all rows in the table", Duration.ofMinutes(2), () -> count("SELECT COUNT(*) FROM emp") == ROWS);
        Wait.until("the sink's 'end' owed in pkuse_connect_events", Duration.ofSeconds(30), () -> count(
                "SELECT COUNT(*) FROM pkuse_connect_events WHERE event_id = 'sink/outage-sink/outage-job/end'") == 1);
        assertThat(count("SELECT COUNT(*) FROM pkuse_connect_jobs WHERE state = 'ENDED'")).isEqualTo(1);
        Thread.sleep(5_000); // the source's 'end' is owed by now too, and sends to the dead cluster have failed

        status.restartOnlyBrokers();
        readEvents(events -> FaultJobs.has(events, Side.SOURCE, Stage.END) && FaultJobs.has(events, Side.SINK, Stage.END),
                Duration.ofMinutes(2), Duration.ZERO);
        List<StatusEvent> events = readEvents(e -> true, Duration.ofSeconds(10), Duration.ofSeconds(10));

        for (Side side : List.of(Side.SOURCE, Side.SINK)) {
            List<StatusEvent> mine = events.stream().filter(e -> e.side() == side).collect(Collectors.toList());
            assertThat(mine).as(side + ": one start").filteredOn(e -> e.stage() == Stage.START).hasSize(1);
            assertThat(mine).as(side + ": one end").filteredOn(e -> e.stage() == Stage.END).hasSize(1);
            assertThat(mine).as(side + ": no error").filteredOn(e -> e.stage() == Stage.ERROR).isEmpty();
            assertThat(mine.get(0).stage()).isEqualTo(Stage.START);
            assertThat(mine.get(mine.size() - 1).stage()).as(side + ": nothing after the end").isEqualTo(Stage.END);
            assertThat(mine.get(mine.size() - 1).processed()).isEqualTo((long) ROWS);
        }
        assertThat(count("SELECT COUNT(*) FROM pkuse_connect_events")).as("nothing left owed").isZero();
        assertThat(count("SELECT COUNT(DISTINCT id) FROM emp")).isEqualTo(ROWS);
    }

    private Map<String, String> sourceConfig() {
        Map<String, String> c = FaultJobs.source("outage", "emp", JOB, status.bootstrapServers());
        c.put("pkuse.connector.name", "outage-src");
        c.put("pkuse.kafka.max.records.per.second", "1000");
        c.put("pkuse.status.timeout.ms", "3000");
        c.put("pkuse.status.interval.ms", "500");
        return c;
    }

    private Map<String, String> sinkConfig() {
        Map<String, String> c = FaultJobs.sink(db, "outage", "outage_emp", JOB, status.bootstrapServers());
        c.put("pkuse.status.timeout.ms", "3000");
        c.put("pkuse.status.interval.ms", "500");
        return c;
    }

    private List<StatusEvent> readEvents(Predicate<List<StatusEvent>> done, Duration timeout, Duration settle) {
        return FaultJobs.events(status.bootstrapServers(), JOB, done, timeout, settle);
    }

    private long count(String sql) {
        return FaultJobs.count(db, "outage", sql);
    }
}
