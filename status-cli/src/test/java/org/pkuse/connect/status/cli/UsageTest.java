package org.pkuse.connect.status.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every subcommand answers --help with its own usage and exit code 0, as users try first. */
class UsageTest {

    @ParameterizedTest
    @CsvSource({"wait, --task", "watch, --interval", "list, --timeout", "serve, --port", "rerun, --connect-url"})
    void aSubcommandPrintsItsUsage(String command, String option) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StatusCli.run(new String[] {command, "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(usage).contains("Usage: pkuse-status " + command).contains(option).contains("--help");
    }
}
