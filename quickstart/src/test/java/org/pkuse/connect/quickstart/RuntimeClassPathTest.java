package org.pkuse.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * What quickstart.sh runs is the class path Maven wrote for it (target/quickstart.classpath). Test jars on it would
 * put Kafka's test plugins into a user's {@code GET /connector-plugins}; JUnit and AssertJ have no business there.
 */
class RuntimeClassPathTest {

    /** Test jars by classifier, test frameworks, Kafka's and our test kits (test-support-hbase: only its launcher). */
    private static final Pattern NOT_FOR_USERS = Pattern.compile(
            "-tests?\\.jar$|^junit-|^junit-jupiter|^junit-platform|^opentest4j-|^assertj-|^hamcrest|^mockito"
                    + "|^kafka-test-common|^pkuse-test-support-\\d|^test-support/classes");

    /** Jar names; a reactor build lists a module's classes folder instead, named here {@code <module>/classes}. */
    private static List<String> jars() throws Exception {
        String text = Files.readString(Path.of(System.getProperty("pkuse.quickstart.classpath.file"))).trim();
        return Arrays.stream(text.split(File.pathSeparator)).map(Path::of).map(p -> p.endsWith("target/classes")
                ? p.getParent().getParent().getFileName() + "/classes" : p.getFileName().toString()).toList();
    }

    @Test
    void holdsNoTestJarNorTestFramework() throws Exception {
        assertThat(jars()).isNotEmpty().noneMatch(jar -> NOT_FOR_USERS.matcher(jar).find());
    }

    @Test
    void runsKafkaAndConnectFromTheirReleasedJars() throws Exception {
        assertThat(jars()).anyMatch(jar -> jar.matches("kafka_2\\.13-[\\d.]+\\.jar"))
                .anyMatch(jar -> jar.matches("connect-runtime-[\\d.]+\\.jar"));
    }
}
