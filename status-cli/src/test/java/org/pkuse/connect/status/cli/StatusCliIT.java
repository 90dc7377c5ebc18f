package org.pkuse.connect.status.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.RunOutcome;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusReporter;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.TestKit;

/** The CLI against real events on a real status topic, as a scheduler's executor runs it. */
class StatusCliIT {

    private static final String TOPIC = "cli_status";
    private static ConnectCluster kafka;

    @BeforeAll
    static void publishJobs() {
        kafka = TestKit.connect();
        kafka.createTopic(TOPIC, 1);
        try (StatusReporter source = reporter("hbasesource_connector_001");
             StatusReporter sink = reporter("jdbcsink_connector_001")) {
            JobRun.start(source, Side.SOURCE, "100003", "default_t", 2000).end(RunOutcome.of(2000));
            JobRun sinkRun = JobRun.start(sink, Side.SINK, "100003", "default_t", 2000);
            sinkRun.progress(1500);
            sinkRun.end(RunOutcome.of(2000));

            JobRun.start(source, Side.SOURCE, "200001", "default_u", 10)
                    .fail("Row key 'r7', column info:age: 'abc' is not an int", new NumberFormatException("abc"), 6L);

            JobRun.start(source, Side.SOURCE, "300001", "default_v", 0).end(RunOutcome.of(0));

            JobRun.start(source, Side.SOURCE, "400001", "default_w", 5);
        }
    }

    private static StatusReporter reporter(String name) {
        Map<String, String> props = Map.of(StatusConfig.BROKER, kafka.bootstrapServers(), StatusConfig.TOPIC, TOPIC,
                StatusConfig.CONNECTOR_NAME, name, StatusConfig.INTERVAL_MS, "0");
        return new StatusReporter(new StatusConfig(new AbstractConfig(StatusConfig.update(new ConfigDef()), props),
                name), "cli-it");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap-server";
        all[args.length + 1] = kafka.bootstrapServers();
        all[args.length + 2] = "--topic";
        all[args.length + 3] = TOPIC;
        int code = StatusCli.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void waitExitsZeroWhenTheSinkHasEnded() {
        Run run = cli("wait", "--task", "100003", "--timeout", "30s");

        assertThat(run.code()).isEqualTo(0);
        assertThat(run.out()).contains("job 100003 ended: sink 2000 records");
    }

    @Test
    void waitExitsOneAndPrintsTheError() {
        Run run = cli("wait", "--task", "200001", "--timeout", "30s");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("job 200001 failed on the source side (hbasesource_connector_001)")
                .contains("Row key 'r7', column info:age: 'abc' is not an int")
                .contains("java.lang.NumberFormatException: abc");
    }

    @Test
    void waitExitsZeroForARunOfNoRecords() {
        assertThat(cli("wait", "--task", "300001", "--timeout", "30s").code()).isEqualTo(0);
    }

    @Test
    void waitExitsTwoOnTimeout() {
        Run run = cli("wait", "--task", "400001", "--timeout", "3s");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("job 400001 did not end within 3 s").containsPattern("400001 +source +start");
    }

    @Test
    void listShowsEveryJobWithItsCountsAsJson() throws Exception {
        Run run = cli("list", "--json");

        assertThat(run.code()).isEqualTo(0);
        Map<String, JsonNode> jobs = new java.util.HashMap<>();
        for (String line : run.out().split("\n")) {
            JsonNode node = new ObjectMapper().readTree(line);
            jobs.put(node.path("taskId").asText(), node);
        }
        assertThat(jobs).containsOnlyKeys("100003", "200001", "300001", "400001");
        assertThat(jobs.get("100003").path("sink").path("stage").asText()).isEqualTo("end");
        assertThat(jobs.get("100003").path("sink").path("processed").asLong()).isEqualTo(2000);
        assertThat(jobs.get("100003").path("source").path("connectorName").asText())
                .isEqualTo("hbasesource_connector_001");
        assertThat(jobs.get("200001").path("source").path("stage").asText()).isEqualTo("error");
        assertThat(jobs.get("200001").path("source").path("processed").asLong()).isEqualTo(6);
        assertThat(jobs.get("400001").path("source").path("predictedTotal").asLong()).isEqualTo(5);
    }

    @Test
    void listPrintsATableWithProgressBars() {
        Run run = cli("list");

        assertThat(run.code()).isEqualTo(0);
        assertThat(run.out()).contains("TASK ID").contains("PROGRESS")
                .containsPattern("100003 +sink +end +\\[#{20}\\] +2000/2000")
                .containsPattern("400001 +source +start +\\[\\.{20}\\] +0/5");
    }

    @Test
    void watchPrintsEventsAsJsonLinesForTheTimeAsked() {
        Run run = cli("watch", "--from-beginning", "--json", "--duration", "3s");

        assertThat(run.code()).isEqualTo(0);
        assertThat(run.out().lines().filter(l -> l.contains("\"taskId\":\"100003\"")).count()).isEqualTo(5);
    }

    @Test
    void aMissingTopicIsAClearError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StatusCli.run(new String[] {"list", "--bootstrap-server", kafka.bootstrapServers(), "--topic",
            "no_such_status_topic", "--timeout", "5s"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Status topic 'no_such_status_topic' does not exist");
    }

    @Test
    void aMissingTaskOptionIsAUsageError() {
        Run run = cli("wait");

        assertThat(run.code()).isEqualTo(StatusCli.USAGE);
        assertThat(run.err()).contains("Missing required option: '--task=<taskId>'");
    }
}
