package org.pkuse.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.FreePort;

/** The quickstart program as quickstart.sh starts it, with --once and a small table, in its own JVM. */
class QuickstartIT {

    @Test
    void runsTheSeedJobOnceAndExitsZeroLeavingNoState() throws Exception {
        Path state = Files.createTempDirectory("pkuse-quickstart-it");
        String classpath = System.getProperty("pkuse.quickstart.classpath") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("pkuse.quickstart.classpath.file"))).trim();
        int port = FreePort.find();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Djava.io.tmpdir=" + state.resolve("tmp"), "-cp", classpath,
                Quickstart.class.getName(), "--once", "--rows", "300", "--port", Integer.toString(port),
                "--state", state.toString(), "--project", System.getProperty("pkuse.project.dir"), "--timeout", "3m");
        Files.createDirectories(state.resolve("tmp"));

        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean exited = p.waitFor(5, TimeUnit.MINUTES);

        assertThat(exited).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("Connect worker (distributed)").contains("http://127.0.0.1:" + port)
                .contains("config-examples/hbasesource_connector_001.json -> 201")
                .contains("config-examples/jdbcsink_connector_001.json -> 201")
                .contains("MariaDB test03.employee01_2021_06_17: 300 rows")
                .contains("Job 100003 ended");
        assertThat(state).doesNotExist();
    }
}
