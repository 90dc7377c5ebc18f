package org.pkuse.connect.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.ProcessConnectCluster;
import org.pkuse.connect.testkit.TestKit;

/**
 * The HBase sink's worker dies the hard way (SIGKILL) in the middle of an HBase → HBase job and comes back: the copy
 * holds every source cell exactly once (the target keeps 5 versions, so a cell written twice at different
 * timestamps would show), and the sink sends one 'start' and one 'end' with the exact count, also after waiting long
 * enough for a late duplicate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HBaseSinkWorkerKillIT {

    private static final int ROWS = 20_000;
    private static final List<String> COPIED = List.of("info:name", "info:sex", "info:salary");

    private ProcessConnectCluster connect;

    @BeforeAll
    void startCluster() {
        connect = ProcessConnectCluster.builder().workerProps(Map.of("session.timeout.ms", "10000",
                "heartbeat.interval.ms", "2000", "consumer.session.timeout.ms", "10000",
                "consumer.heartbeat.interval.ms", "2000")).start();
        connect.createTopic(FaultJobs.STATUS_TOPIC, 1);
    }

    @AfterAll
    void stopCluster() {
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    void theWorkerRunningTheSinkDiesMidJobAndComesBack() {
        String job = "kill-hbase-sink";
        HBaseCluster hbase = TestKit.hbase();
        hbase.createTable("hkill:src", List.of("info"), List.of("3", "6"));
        hbase.generateEmployees("hkill:src", "info", 1, ROWS, false);
        hbase.createTable("hkill:dst", List.of("info"), List.of("3", "6"), 5);
        connect.createTopic("hkill_src", 3);

        Map<String, String> source = FaultJobs.source("hkill", "src", job, connect.bootstrapServers());
        source.put("pkuse.connector.name", "src-hkill");
        source.put("pkuse.kafka.batch.size", "200");
        source.put("pkuse.kafka.max.records.per.second", "1500"); // about 13 s: the kill lands inside the job
        Map<String, String> sink = sinkConfig(hbase, job);
        try {
            connect.rest().createConnector("src-hkill", source);
            connect.rest().createConnector("sink-hkill", sink);
            FaultJobs.events(connect.bootstrapServers(), job, es -> es.stream().anyMatch(e -> e.side() == Side.SINK
                    && e.stage() == Stage.PROCESSING && e.processed() != null && e.processed() >= ROWS / 3),
                    Duration.ofMinutes(2), Duration.ZERO);
            int victim = connect.workerRunning("sink-hkill", 0);
            connect.kill(victim);
            assertThat(connect.worker(victim).alive()).isFalse();
            connect.restart(victim);

            FaultJobs.events(connect.bootstrapServers(), job, es -> FaultJobs.has(es, Side.SINK, Stage.END)
                    || FaultJobs.has(es, Side.SINK, Stage.ERROR), Duration.ofMinutes(3), Duration.ZERO);
            // Long enough for a late duplicate: session timeout + rebalance delay + offset flush.
            List<StatusEvent> events = FaultJobs.events(connect.bootstrapServers(), job, e -> true,
                    Duration.ofSeconds(10), Duration.ofSeconds(20));
            List<StatusEvent> mine = events.stream().filter(e -> e.side() == Side.SINK).toList();
            assertThat(mine).filteredOn(e -> e.stage() == Stage.ERROR).isEmpty();
            assertThat(mine).filteredOn(e -> e.stage() == Stage.START).hasSize(1);
            assertThat(mine).filteredOn(e -> e.stage() == Stage.END).hasSize(1);
            assertThat(mine.get(mine.size() - 1).stage()).as("nothing after the end").isEqualTo(Stage.END);
            assertThat(mine.get(mine.size() - 1).processed()).isEqualTo((long) ROWS);

            assertThat(copied(hbase, "hkill:dst")).isEqualTo(copied(hbase, "hkill:src"));
            assertThat(hbase.cellVersions("hkill:dst")).as("one version of each copied cell")
                    .isEqualTo((long) ROWS * COPIED.size());
        } finally {
            connect.rest().deleteConnector("src-hkill");
            connect.rest().deleteConnector("sink-hkill");
        }
    }

    private Map<String, String> sinkConfig(HBaseCluster hbase, String job) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "org.pkuse.connect.hbase.HBaseSinkConnector");
        c.put("tasks.max", "2");
        c.put("topics", "hkill_src");
        c.put("pkuse.connector.name", "sink-hkill");
        c.put("pkuse.hbase.ip", hbase.zkQuorum());
        c.put("pkuse.hbase.port", Integer.toString(hbase.zkPort()));
        c.put("pkuse.hbase.namespace", "hkill");
        c.put("pkuse.hbase.table.name", "dst");
        c.put("pkuse.hbase.filed.columnsKey", "id");
        c.put("batch.size", "500");
        c.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        c.put("pkuse.task.id", job);
        c.put("pkuse.status.interval.ms", "200");
        return c;
    }

    /** The copied columns of each row, as base64 text (byte arrays compared by content). */
    private static SortedMap<String, Map<String, String>> copied(HBaseCluster hbase, String table) {
        SortedMap<String, Map<String, String>> out = new TreeMap<>();
        hbase.scan(table, ROWS + 10).forEach((row, cells) -> out.put(row, cells.entrySet().stream()
                .filter(e -> COPIED.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> Base64.getEncoder().encodeToString(e.getValue()), (a, b) -> a, TreeMap::new))));
        return out;
    }
}
