package org.pkuse.connect.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.it.jdbc.TargetDatabase;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.TestKit;

/**
 * Running a job again. Re-creating its connectors with the same config (DELETE + POST, what a scheduler does for a
 * retry) resumes the job as it stands: a finished job sends nothing more, and {@code pkuse-status wait} says so and
 * how to run it again. {@code pkuse-status rerun} (the real script) runs it again: the same rows once more, and a
 * second {@code start}/{@code end} pair per side, marked {@code rerun=1}.
 */
class RerunIT {

    private static final int ROWS = 300;
    private static final String JOB = "rerun-job";

    private final TargetDatabase db = TargetDatabase.mariaDb();
    private final ConnectCluster connect = TestKit.connect();

    @AfterEach
    void cleanUp() {
        connect.rest().deleteConnector("rerun-src");
        connect.rest().deleteConnector("rerun-sink");
    }

    @Test
    void recreatedConnectorsResumeAFinishedJobAndRerunRunsItAgain() throws Exception {
        TestKit.hbase().createTable("rerun:emp", List.of("info"), List.of());
        TestKit.hbase().generateEmployees("rerun:emp", "info", 1, ROWS, false);
        connect.createTopicIfMissing(FaultJobs.STATUS_TOPIC, 1);
        connect.createTopicIfMissing("rerun_emp", 1);
        db.recreate("rerun");
        connect.rest().createConnector("rerun-src", sourceConfig());
        connect.rest().createConnector("rerun-sink", sinkConfig());
        readEvents(e -> ends(e, Side.SINK) == 1 && ends(e, Side.SOURCE) == 1, Duration.ofMinutes(2), Duration.ZERO);
        assertThat(count("SELECT COUNT(*) FROM emp")).isEqualTo(ROWS);

        // DELETE + POST of the same JSON: the job's state survives (Connect keeps source offsets; the sink keeps its
        // control tables), so nothing runs again, and the scheduler's wait tells why.
        connect.rest().deleteConnector("rerun-src");
        connect.rest().createConnector("rerun-src", sourceConfig());
        connect.awaitRunning("rerun-src", 1, Duration.ofSeconds(60));
        List<StatusEvent> events = readEvents(e -> true, Duration.ofSeconds(10), Duration.ofSeconds(8));
        assertThat(events).extracting(e -> e.side() + " " + e.stage().wireName()).filteredOn(s -> !s.contains(
                "processing")).containsExactlyInAnyOrder("SOURCE start", "SOURCE end", "SINK start", "SINK end");
        CliRun waited = cli("wait", "--task", JOB, "--timeout", "30s", "--bootstrap-server",
                connect.bootstrapServers());
        assertThat(waited.exit()).isZero();
        assertThat(waited.output()).contains("job " + JOB + " ended", "before this wait began",
                "pkuse-status rerun --connector rerun-src");

        CliRun rerun = cli("rerun", "--connector", "rerun-src", "--connect-url", connect.restUrl());
        assertThat(rerun.exit()).as(rerun.output()).isZero();
        assertThat(rerun.output()).contains("job " + JOB + " runs again as rerun 1");

        events = readEvents(e -> ends(e, Side.SINK) == 2 && ends(e, Side.SOURCE) == 2, Duration.ofMinutes(2),
                Duration.ofSeconds(5));
        for (Side side : List.of(Side.SOURCE, Side.SINK)) {
            List<String> lifecycle = events.stream().filter(e -> e.side() == side && e.stage() != Stage.PROCESSING)
                    .map(e -> e.stage().wireName() + (e.rerun() == null ? "" : "#" + e.rerun()))
                    .collect(Collectors.toList());
            assertThat(lifecycle).as(side.wireName()).containsExactly("start", "end", "start#1", "end#1");
            StatusEvent lastEnd = events.stream().filter(e -> e.side() == side && e.stage() == Stage.END)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(lastEnd.processed()).isEqualTo((long) ROWS);
            assertThat(lastEnd.eventId()).endsWith("/" + JOB + "#rerun1/end");
        }
        assertThat(count("SELECT COUNT(*) FROM emp")).as("written once per run").isEqualTo(2L * ROWS);
        assertThat(count("SELECT COUNT(DISTINCT id) FROM emp")).isEqualTo(ROWS);
        assertThat(count("SELECT COUNT(*) FROM pkuse_connect_jobs WHERE state = 'ENDED'")).isEqualTo(2);

        CliRun second = cli("wait", "--task", JOB, "--timeout", "30s", "--bootstrap-server",
                connect.bootstrapServers());
        assertThat(second.exit()).isZero();
        assertThat(second.output()).contains("job " + JOB + " ended: sink " + ROWS + " records");
    }

    private Map<String, String> sourceConfig() {
        return FaultJobs.source("rerun", "emp", JOB, connect.bootstrapServers());
    }

    private Map<String, String> sinkConfig() {
        return FaultJobs.sink(db, "rerun", "rerun_emp", JOB, connect.bootstrapServers());
    }

    private static long ends(List<StatusEvent> events, Side side) {
        return FaultJobs.count(events, side, Stage.END);
    }

    private List<StatusEvent> readEvents(Predicate<List<StatusEvent>> done, Duration timeout, Duration settle) {
        return FaultJobs.events(connect.bootstrapServers(), JOB, done, timeout, settle);
    }

    private long count(String sql) {
        return FaultJobs.count(db, "rerun", sql);
    }

    private record CliRun(int exit, String output) {
    }

    /** The real {@code pkuse-status} script of the distribution. */
    private static CliRun cli(String... args) throws Exception {
        Path script = Path.of(System.getProperty("pkuse.project.dir"),
                "distribution/target/pkuse-status/bin/pkuse-status");
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CliRun(p.exitValue(), output);
    }
}
