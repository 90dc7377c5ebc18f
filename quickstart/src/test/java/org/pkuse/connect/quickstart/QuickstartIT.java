package org.pkuse.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.localstack.Folders;
import org.pkuse.connect.testkit.FreePort;

/**
 * The quickstart program as quickstart.sh starts it, with a small table, in its own JVM: with --once, and without,
 * stopped by Ctrl-C. The console shows the quickstart's own lines only; the logs are in the state folder.
 */
class QuickstartIT {

    /** What must not reach the console: log lines, stack traces, logging frameworks' notices. */
    private static final List<String> NOISE = List.of("INFO", "WARN", "ERROR", "Exception", "Bits.unaligned",
            "SLF4J", "commons-logging", "Commons Logging");

    @Test
    void runsTheSeedJobOnceAndExitsZeroLeavingNoState() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it");
        int port = FreePort.find();
        Run run;
        int taken;
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            taken = busy.getLocalPort();
            run = quickstart(state, port, "--board-port", Integer.toString(taken));
        }

        assertThat(run.exited()).as(run.output()).isTrue();
        assertThat(run.exitValue()).as(run.output()).isZero();
        assertThat(run.output()).as("a taken board port: another one, said").contains("Port " + taken + " is taken")
                .containsPattern("Job board: http://127\\.0\\.0\\.1:\\d+/ \\(every job on pkuse_status, live\\)")
                .doesNotContain("Job board: http://127.0.0.1:" + taken + "/");
        assertThat(run.output()).contains("Connect worker (distributed)").contains("http://127.0.0.1:" + port)
                .contains("config-examples/hbasesource_connector_001.json -> 201")
                .contains("config-examples/jdbcsink_connector_001.json -> 201")
                .contains("MariaDB test03.employee01_2021_06_17: 300 rows")
                .containsPattern("Job 100003 ended: 300 rows in \\d+\\.\\d s from POST to the sink's end \\([\\d,]+"
                        + " rows/s\\); \\d+\\.\\d s from start-up\\.")
                .contains("Stopping ...").containsPattern("Stopped in \\d+\\.\\d s; removed " + Pattern.quote(
                        state.toString()));
        assertQuiet(run.output(), state);
        assertThat(state).doesNotExist();
    }

    /** With --keep, which leaves the logs to read: the worker's and the broker's. */
    @Test
    void targetHBaseCopiesTheSeedTableIntoHBaseThroughTheHBaseSink() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it-hbase");
        int port = FreePort.find();
        Run run = quickstart(state, port, "--target", "hbase", "--keep");
        try {
            assertThat(run.exited()).as(run.output()).isTrue();
            assertThat(run.exitValue()).as(run.output()).isZero();
            assertThat(run.output()).contains("plugins: HBaseSourceConnector, HBaseSinkConnector")
                    .contains("Sample table").contains("with 300 rows")
                    .contains("config-examples/hbasesource_connector_001.json -> 201")
                    .contains("config-examples/hbasesink_connector_001.json -> 201")
                    .doesNotContain("jdbcsink_connector_001").doesNotContain("user root, password root")
                    .contains("HBase default:employee_copy: 300 rows")
                    .contains("Job 100003 ended")
                    .contains("Stopped in").contains("kept " + state);
            // The sink's last progress line: its 'end', with the exact count; no error from either side.
            assertThat(Pattern.compile("sink\\s+\\[#{30}\\]\\s+300/300\\s+end\\b").matcher(run.output()).find())
                    .as(run.output()).isTrue();
            assertThat(run.output()).doesNotContain("source error: ").doesNotContain("sink error: ");
            // The copy's rows as the sink writes them: row key = id, the other fields as columns of family info.
            assertThat(run.output()).containsPattern("\\n  1\\s+info:name=\\S.*info:salary=\\d+\\s+info:sex=\\S");
            assertQuiet(run.output(), state);
            assertThat(state.resolve("logs/connect.log")).isNotEmptyFile();
            assertThat(Files.readString(state.resolve("logs/connect.log"))).contains("HBaseSinkConnector");
            assertThat(state.resolve("logs/broker.log")).isNotEmptyFile();
            assertThat(state.resolve("logs/hbase.log")).as("HBase's log, kept beside the others").isNotEmptyFile();
        } finally {
            Folders.deleteQuietly(state);
        }
    }

    @Test
    void sourceJdbcCopiesAMariaDbTableIntoAnotherWithoutHBase() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it-jdbc");
        int port = FreePort.find();
        Run run = quickstart(state, port, "--source", "jdbc");

        assertThat(run.exited()).as(run.output()).isTrue();
        assertThat(run.exitValue()).as(run.output()).isZero();
        assertThat(run.output()).contains("plugins: JdbcSourceConnector, JdbcSinkConnector")
                .contains("MariaDB myprj_online.main_orderinfo with 300 rows")
                .contains("config-examples/jdbcsource_connector_001.json -> 201")
                .contains("config-examples/jdbcsink_from_jdbc_topic.json -> 201")
                .doesNotContain("HBase mini cluster").doesNotContain("HBase ZooKeeper")
                .contains("MariaDB myprj_query.main_orderinfo: 300 rows")
                .contains("Job 100007 ended");
        assertThat(Pattern.compile("sink\\s+\\[#{30}\\]\\s+300/300\\s+end\\b").matcher(run.output()).find())
                .as(run.output()).isTrue();
        assertThat(run.output()).contains("订单备注1 ").doesNotContain("source error: ").doesNotContain("sink error: ");
        assertQuiet(run.output(), state);
        assertThat(state).doesNotExist();
    }

    @Test
    void avroRunsTheSeedJobThroughTheSchemaRegistry() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it-avro");
        int port = FreePort.find();
        Run run = quickstart(state, port, "--avro");

        assertThat(run.exited()).as(run.output()).isTrue();
        assertThat(run.exitValue()).as(run.output()).isZero();
        assertThat(run.output()).containsPattern("Schema registry \\(Apicurio\\)\\s+http://127\\.0\\.0\\.1:\\d+  "
                        + "Confluent API http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7")
                .contains("plugins: HBaseSourceConnector, JdbcSinkConnector, AvroConverter")
                .contains("MariaDB test03.employee01_2021_06_17: 300 rows")
                .contains("Job 100003 ended")
                // one schema per subject: the converter registered it once, not once per record
                .contains("Schemas in the registry: default_test_employee01_2021_06_17-key (1 version), "
                        + "default_test_employee01_2021_06_17-value (1 version)");
        assertThat(run.output()).doesNotContain("source error: ").doesNotContain("sink error: ");
        assertQuiet(run.output(), state);
        assertThat(run.output()).containsPattern("Logs: .*registry\\.out");
        assertThat(state).doesNotExist();
    }

    /**
     * Ctrl-C in a terminal: SIGINT to the whole foreground process group, the children included. The quickstart
     * stops everything in order and exits 0; no child is left, nor the state folder.
     */
    @Test
    void ctrlCStopsEverythingRemovesTheStateAndExitsZero() throws Exception {
        assumeFalse(interruptIgnored(), "this JVM started with SIGINT ignored, and so would the quickstart");
        Path state = Files.createTempDirectory("pkuse-quickstart-it-ctrl-c");
        int port = FreePort.find();
        // setsid: a process group of its own, as a terminal's foreground job, so that the signal reaches it all
        boolean group = Files.isExecutable(Path.of("/usr/bin/setsid"));
        List<String> command = new ArrayList<>(group ? List.of("/usr/bin/setsid") : List.of());
        command.addAll(command(state, port));
        command.addAll(List.of("--board-port", Integer.toString(FreePort.find())));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> copyLines(p, output), "quickstart-output");
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!output.toString().contains("Ctrl-C stops it") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(output.toString()).as(output.toString()).contains("Job 100003 ended")
                    .contains("Ctrl-C stops it and removes " + state);
            assertThat(state.resolve("logs/connect.log")).isNotEmptyFile();
            assertBoardShowsTheEndedJob(output.toString());
            List<ProcessHandle> children = p.descendants().toList();
            assertThat(children).as("broker, HBase, mysqld").hasSizeGreaterThanOrEqualTo(3);

            new ProcessBuilder("kill", "-INT", "--", group ? "-" + p.pid() : Long.toString(p.pid())).inheritIO()
                    .start().waitFor();
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(output.toString()).isTrue();
            reader.join(10_000);
            assertThat(p.exitValue()).as(output.toString()).isZero();
            assertThat(output.toString()).contains("\nStopping ...\n").contains("Stopped in").contains("removed " + state);
            assertQuiet(output.toString(), state);
            assertThat(children).as("children left").noneMatch(ProcessHandle::isAlive);
            assertThat(state).doesNotExist();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Folders.deleteQuietly(state);
        }
    }

    @Test
    void aSourceAndTargetPairWithoutExamplesIsRefused() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it-pair");
        try {
            Run run = quickstart(state, FreePort.find(), "--source", "jdbc", "--target", "hbase");
            assertThat(run.exitValue()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("--source jdbc runs with --target jdbc");
        } finally {
            Folders.deleteQuietly(state);
        }
    }

    /** The board's URL, printed once at start and again with the stack's addresses, serves the page and the job. */
    private static void assertBoardShowsTheEndedJob(String output) throws Exception {
        Matcher url = Pattern.compile("Job board: (http://127\\.0\\.0\\.1:\\d+/)").matcher(output);
        assertThat(url.find()).as(output).isTrue();
        assertThat(output).contains("  Job board         " + url.group(1));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("board.js");
        HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(url.group(1)
                + "jobs/100003/events")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        JsonNode list = new ObjectMapper().readTree(events.body());
        List<String> sinkStages = new ArrayList<>();
        for (JsonNode e : list) {
            if (e.path("connectorName").asText().equals("jdbcsink_connector_001")) {
                sinkStages.add(e.path("stage").asText());
            }
        }
        assertThat(sinkStages).as(events.body()).startsWith("start").endsWith("end").containsOnlyOnce("end");
    }

    /** Only the quickstart's own lines on the console, and where the logs are. */
    private static void assertQuiet(String output, Path state) {
        assertThat(output).contains("Logs: " + state.resolve("logs") + "/ (").containsPattern("Logs: .*connect\\.log");
        for (String noise : NOISE) {
            assertThat(output).as(output).doesNotContain(noise);
        }
    }

    private record Run(boolean exited, int exitValue, String output) {
    }

    private static Run quickstart(Path state, int port, String... options) throws Exception {
        List<String> command = command(state, port);
        if (!List.of(options).contains("--board-port")) {
            command.addAll(List.of("--board-port", Integer.toString(FreePort.find())));
        }
        command.add("--once");
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean exited = p.waitFor(5, TimeUnit.MINUTES);
        return new Run(exited, exited ? p.exitValue() : -1, output);
    }

    /** The JVM quickstart.sh starts, on a 300-row table. */
    private static List<String> command(Path state, int port) throws IOException {
        String classpath = System.getProperty("pkuse.quickstart.classpath") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("pkuse.quickstart.classpath.file"))).trim();
        Files.createDirectories(state.resolve("tmp"));
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Djava.io.tmpdir=" + state.resolve("tmp"), "-cp", classpath, Quickstart.class.getName(), "--rows",
                "300", "--port", Integer.toString(port), "--state", state.toString(), "--project",
                System.getProperty("pkuse.project.dir"), "--timeout", "3m"));
    }

    private static void copyLines(Process p, StringBuffer output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGINT ignored by this JVM (bit 2 of SigIgn): inherited by the quickstart, whose JVM then cannot catch it. */
    private static boolean interruptIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .anyMatch(l -> (Long.parseLong(l.substring("SigIgn:".length()).trim(), 16) & 0x2) != 0);
    }
}
