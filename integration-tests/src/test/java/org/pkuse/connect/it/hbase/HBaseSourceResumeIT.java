package org.pkuse.connect.it.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.connect;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.f;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.hbase;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.mapping;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.TopicReader;
import org.pkuse.connect.testkit.hbase.EmployeeRows;

/**
 * A run interrupted mid-way (task restart; worker loss) continues after its last committed record: every index
 * 1..N arrives, an index seen twice is the same row (a redelivery), and there is one start and one end.
 */
class HBaseSourceResumeIT {

    private static final int ROWS = 3000;
    private static final String MAPPING = mapping(f("id", "id", "int", "1"), f("name", "name", "string"),
            f("salary", "salary", "bigint"));

    private static Map<String, String> slowConfig(String name, String table, String job) {
        Map<String, String> config = HBaseSourceSupport.seedConfig(name, "itres", table, job, MAPPING);
        config.put("pkuse.kafka.max.records.per.second", "400");
        config.put("pkuse.kafka.batch.size", "50");
        config.put("pkuse.hbase.scan.threads", "2");
        return config;
    }

    private static void awaitRecords(String topic, int count) {
        TopicReader.readAtLeast(connect().bootstrapServers(), topic, count, Duration.ofSeconds(60), Duration.ZERO);
    }

    private static void assertCompleteRun(String topic, String job) {
        List<HBaseSourceSupport.Row> rows = HBaseSourceSupport.readRun(topic, job, Duration.ofSeconds(120));
        Map<Long, String> rowOfIndex = new HashMap<>();
        for (HBaseSourceSupport.Row r : rows) {
            String id = r.text("id");
            String before = rowOfIndex.putIfAbsent(r.index(), id);
            assertThat(before).as("index %s sent for two different rows", r.index()).isIn(null, id);
            assertThat(r.predictedTotal()).isEqualTo(ROWS);
            assertThat(r.text("name")).isEqualTo(EmployeeRows.text(Long.parseLong(id), "name"));
        }
        assertThat(rowOfIndex).hasSize(ROWS);
        for (long i = 1; i <= ROWS; i++) {
            assertThat(rowOfIndex).containsKey(i);
        }
        assertThat(rows.stream().filter(HBaseSourceSupport.Row::isEnd).map(HBaseSourceSupport.Row::index).distinct())
                .containsExactly((long) ROWS);
        assertThat(rowOfIndex.values()).doesNotHaveDuplicates();
        List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                Duration.ofSeconds(60), Duration.ofSeconds(3));
        assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "end");
        assertThat(events.get(events.size() - 1).processed()).isEqualTo(ROWS);
    }

    @Test
    void taskRestartMidRunContinuesNumbering() {
        String table = "itres:restart";
        String topic = "itres_restart";
        String job = "940001";
        String name = "hbase-resume-restart";
        hbase().createTable(table, List.of("info"), List.of("2", "5"));
        hbase().generateEmployees(table, "info", 1, ROWS, false);
        connect().createTopic(topic, 1);
        try {
            HBaseSourceSupport.createConnector(name, slowConfig(name, "restart", job));
            awaitRecords(topic, 800);
            connect().rest().restartTask(name, 0);
            assertCompleteRun(topic, job);
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }

    /** Tasks per worker port, over every connector of the cluster. */
    private static Map<Integer, Integer> tasksPerWorker() {
        Map<Integer, Integer> counts = new HashMap<>();
        connect().embedded().workers().forEach(w -> counts.put(w.url().getPort(), 0));
        JsonNode all = connect().rest().get("/connectors?expand=status").body();
        all.fields().forEachRemaining(e -> e.getValue().path("status").path("tasks").forEach(t -> {
            int port = URI.create("http://" + t.path("worker_id").asText()).getPort();
            counts.merge(port, 1, Integer::sum);
        }));
        return counts;
    }

    /**
     * The worker that runs the task goes away; the task moves to the other worker and continues. The test kit's
     * REST client talks to one fixed worker, which must stay. Connect gives a new task to the worker with the
     * fewest tasks, so idle "ballast" connectors first make the REST worker the busier one; the connector is
     * re-created (new table, topic and job) if its task still lands on the REST worker.
     */
    @Test
    void workerLossMidRunContinuesOnTheOtherWorker() {
        int restPort = URI.create(connect().restUrl()).getPort();
        hbase().createTable("itres:ballast", List.of("info"), List.of());
        List<String> ballast = new ArrayList<>();
        try {
            for (int attempt = 1; attempt <= 6; attempt++) {
                for (int b = 0; b < 4; b++) {
                    Map<Integer, Integer> tasks = tasksPerWorker();
                    int rest = tasks.getOrDefault(restPort, 0);
                    int others = tasks.entrySet().stream().filter(e -> e.getKey() != restPort)
                            .mapToInt(Map.Entry::getValue).min().orElse(0);
                    if (rest > others) {
                        break;
                    }
                    String ballastName = "hbase-resume-ballast-" + attempt + "-" + b;
                    HBaseSourceSupport.createConnector(ballastName, HBaseSourceSupport.seedConfig(ballastName,
                            "itres", "ballast", "94900" + attempt + b, MAPPING));
                    connect().awaitRunning(ballastName, 1, Duration.ofSeconds(60));
                    ballast.add(ballastName);
                }
                String table = "itres:worker" + attempt;
                String topic = "itres_worker" + attempt;
                String job = "94010" + attempt;
                String name = "hbase-resume-worker-" + attempt;
                hbase().createTable(table, List.of("info"), List.of("2", "5"));
                hbase().generateEmployees(table, "info", 1, ROWS, false);
                connect().createTopic(topic, 1);
                WorkerHandle removed = null;
                try {
                    HBaseSourceSupport.createConnector(name, slowConfig(name, "worker" + attempt, job));
                    connect().awaitRunning(name, 1, Duration.ofSeconds(60));
                    JsonNode status = connect().rest().status(name);
                    int port = URI.create("http://" + status.path("tasks").get(0).path("worker_id").asText())
                            .getPort();
                    if (port == restPort) {
                        continue;
                    }
                    awaitRecords(topic, 800);
                    removed = connect().embedded().workers().stream().filter(w -> w.url().getPort() == port)
                            .findFirst().orElseThrow();
                    connect().embedded().removeWorker(removed);
                    assertCompleteRun(topic, job);
                    return;
                } finally {
                    HBaseSourceSupport.deleteConnector(name);
                    if (removed != null) {
                        connect().addWorker();
                        connect().awaitWorkers(2, Duration.ofSeconds(60));
                    }
                }
            }
            throw new AssertionError("the task never ran on a worker other than the REST worker");
        } finally {
            ballast.forEach(HBaseSourceSupport::deleteConnector);
        }
    }
}
