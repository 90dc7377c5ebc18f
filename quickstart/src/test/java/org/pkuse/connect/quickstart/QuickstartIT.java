package org.pkuse.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.FreePort;

/** The quickstart program as quickstart.sh starts it, with --once and a small table, in its own JVM. */
class QuickstartIT {

    @Test
    void runsTheSeedJobOnceAndExitsZeroLeavingNoState() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it");
        int port = FreePort.find();
        Run run = quickstart(state, port);

        assertThat(run.exited()).as(run.output()).isTrue();
        assertThat(run.exitValue()).as(run.output()).isZero();
        assertThat(run.output()).contains("Connect worker (distributed)").contains("http://127.0.0.1:" + port)
                .contains("config-examples/hbasesource_connector_001.json -> 201")
                .contains("config-examples/jdbcsink_connector_001.json -> 201")
                .contains("MariaDB test03.employee01_2021_06_17: 300 rows")
                .contains("Job 100003 ended");
        assertThat(state).doesNotExist();
    }

    @Test
    void targetHBaseCopiesTheSeedTableIntoHBaseThroughTheHBaseSink() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it-hbase");
        int port = FreePort.find();
        Run run = quickstart(state, port, "--target", "hbase");

        assertThat(run.exited()).as(run.output()).isTrue();
        assertThat(run.exitValue()).as(run.output()).isZero();
        assertThat(run.output()).contains("plugins: HBaseSourceConnector, HBaseSinkConnector")
                .contains("Sample table").contains("with 300 rows")
                .contains("config-examples/hbasesource_connector_001.json -> 201")
                .contains("config-examples/hbasesink_connector_001.json -> 201")
                .doesNotContain("jdbcsink_connector_001").doesNotContain("user root, password root")
                .contains("HBase default:employee_copy: 300 rows")
                .contains("Job 100003 ended");
        // The sink's last progress line: its 'end', with the exact count; no error from either side.
        assertThat(Pattern.compile("sink\\s+\\[#{30}\\]\\s+300/300\\s+end\\b").matcher(run.output()).find())
                .as(run.output()).isTrue();
        assertThat(run.output()).doesNotContain("source error: ").doesNotContain("sink error: ");
        // The copy's rows as the sink writes them: row key = id, the other fields as columns of family info.
        assertThat(run.output()).containsPattern("\\n  1\\s+info:name=\\S.*info:salary=\\d+\\s+info:sex=\\S");
        assertThat(state).doesNotExist();
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
        assertThat(state).doesNotExist();
    }

    @Test
    void aSourceAndTargetPairWithoutExamplesIsRefused() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it-pair");
        Run run = quickstart(state, FreePort.find(), "--source", "jdbc", "--target", "hbase");
        assertThat(run.exitValue()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("--source jdbc runs with --target jdbc");
    }

    private record Run(boolean exited, int exitValue, String output) {
    }

    private static Run quickstart(Path state, int port, String... options) throws Exception {
        String classpath = System.getProperty("pkuse.quickstart.classpath") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("pkuse.quickstart.classpath.file"))).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-Djava.io.tmpdir=" + state.resolve("tmp"), "-cp", classpath,
                Quickstart.class.getName(), "--once", "--rows", "300", "--port", Integer.toString(port),
                "--state", state.toString(), "--project", System.getProperty("pkuse.project.dir"), "--timeout", "3m"));
        command.addAll(List.of(options));
        Files.createDirectories(state.resolve("tmp"));

        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean exited = p.waitFor(5, TimeUnit.MINUTES);
        return new Run(exited, exited ? p.exitValue() : -1, output);
    }
}
