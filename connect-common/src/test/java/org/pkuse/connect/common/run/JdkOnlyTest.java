package org.pkuse.connect.common.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The run machinery imports nothing but the JDK, so that any source connector can take it as it is. */
class JdkOnlyTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "org", "pkuse", "connect", "common", "run");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void runImportsOnlyJava() throws IOException {
        assertThat(SOURCES).as("run from the module directory").isDirectory();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    assertThat(m.group(1)).as(file.getFileName() + " imports").startsWith("java.");
                }
            }
        }
    }
}
