package org.pkuse.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two worker JVMs: a SIGKILLed worker's task comes back RUNNING on the other one, and the killed worker rejoins.
 * It uses the FileStream source that the workers' class path carries, because this module builds before the
 * plugin folders; our plugins are checked only when {@code pkuse.plugins.dir} already holds them.
 */
class ProcessConnectClusterIT {

    private static final Logger log = LoggerFactory.getLogger(ProcessConnectClusterIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";

    @Test
    void aKilledWorkersTaskMovesToTheOtherWorkerAndTheWorkerRejoins(@TempDir Path tmp) throws Exception {
        try (ProcessConnectCluster connect = ProcessConnectCluster.builder()
                .workerProp("session.timeout.ms", "10000")
                .workerProp("heartbeat.interval.ms", "2000")
                .start()) {
            assertThat(connect.workers()).isEqualTo(2);
            for (int i = 0; i < connect.workers(); i++) {
                JsonNode root = new ConnectRest(connect.worker(i).url()).get("/").body();
                assertThat(root.path("version").asText()).isEqualTo("4.3.1");
            }
            assertThat(pluginClasses(connect)).anyMatch(FILE_SOURCE::equals);
            Path plugins = ConnectCluster.pluginsDir();
            if (plugins != null && Files.isDirectory(plugins)) {
                assertThat(pluginClasses(connect))
                        .anyMatch(c -> c.contains("JdbcSinkConnector"))
                        .anyMatch(c -> c.contains("HBaseSourceConnector"));
            }

            Path file = tmp.resolve("lines.txt");
            Files.writeString(file, "before-1\nbefore-2\n", StandardCharsets.UTF_8);
            connect.createTopic("process-smoke", 1);
            connect.rest().createConnector("file-source", Map.of("connector.class", FILE_SOURCE,
                    "tasks.max", "1", "file", file.toString(), "topic", "process-smoke"));
            connect.awaitRunning("file-source", 1, Duration.ofSeconds(60));
            assertThat(values(connect, 2)).contains("before-1", "before-2");

            int victim = connect.workerRunning("file-source", 0);
            WorkerProcess killed = connect.worker(victim);
            long pid = killed.pid();
            long killedAt = System.nanoTime();
            connect.kill(victim);
            assertThat(killed.alive()).isFalse();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();

            String survivor = connect.worker(1 - victim).workerId();
            connect.awaitStatus("file-source", Duration.ofSeconds(45), "task 0 RUNNING on " + survivor, s ->
                    "RUNNING".equals(s.path("tasks").path(0).path("state").asText())
                            && survivor.equals(s.path("tasks").path(0).path("worker_id").asText()));
            log.info("Task RUNNING on the surviving worker {} ms after the SIGKILL",
                    (System.nanoTime() - killedAt) / 1_000_000);
            assertThat(connect.workerRunning("file-source", 0)).isEqualTo(1 - victim);
            Files.writeString(file, "after-kill\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            assertThat(values(connect, 3)).contains("after-kill");

            connect.restart(victim);
            connect.awaitWorkers(2, Duration.ofSeconds(60));
            assertThat(killed.alive()).isTrue();
            assertThat(killed.pid()).isNotEqualTo(pid);
        }
    }

    private static List<String> pluginClasses(ProcessConnectCluster connect) {
        List<String> classes = new ArrayList<>();
        connect.rest().get("/connector-plugins").body().forEach(p -> classes.add(p.path("class").asText()));
        return classes;
    }

    /** The lines on the topic (JsonConverter with schemas: {"schema":...,"payload":"line"}). */
    private static List<String> values(ProcessConnectCluster connect, int atLeast) {
        List<String> values = new ArrayList<>();
        TopicReader.readUntil(connect.bootstrapServers(), "process-smoke", records -> {
            values.clear();
            records.forEach(r -> values.add(payload(r.value())));
            return values.stream().distinct().count() >= atLeast;
        }, Duration.ofSeconds(30), Duration.ZERO);
        return values;
    }

    private static String payload(byte[] value) {
        try {
            return JSON.readTree(value).path("payload").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
