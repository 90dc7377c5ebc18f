package org.pkuse.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Fails when docs/configuration.md (the sink's) or docs/source-configuration.md is stale. Regenerate with
 * {@code mvn -o -q -pl jdbc-sink test -Dtest=ConfigReferenceTest -Dpkuse.docs.write=true}.
 */
class ConfigReferenceTest {

    @Test
    void committedReferenceMatchesTheConfigDef() throws Exception {
        Path file = Path.of("docs/configuration.md");
        String expected = JdbcSinkConfig.docs().markdown();
        if (Boolean.getBoolean("pkuse.docs.write")) {
            JdbcSinkConfig.docs().write(file);
        }
        assertThat(file).exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: regenerate it (see this test's javadoc)").isEqualTo(expected);
        assertThat(expected).contains("### `connection.password`", "### `pkuse.task.id`", "### `write.mode`",
                "### `org.pkuse.kafka.broker`");
    }

    @Test
    void committedSourceReferenceMatchesTheConfigDef() throws Exception {
        Path file = Path.of("docs/source-configuration.md");
        String expected = JdbcSourceConfig.docs().markdown();
        if (Boolean.getBoolean("pkuse.docs.write")) {
            JdbcSourceConfig.docs().write(file);
        }
        assertThat(file).exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("docs/source-configuration.md is stale: regenerate it (see this test's javadoc)")
                .isEqualTo(expected);
        assertThat(expected).contains("### `connection.password`", "### `pkuse.task.id`",
                "### `pkuse.jdbc.table.name`", "### `pkuse.incrementreadfields`", "### `org.pkuse.kafka.broker`");
    }
}
