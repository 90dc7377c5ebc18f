package org.pkuse.connect.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocsTest {

    private static ConfigDef def() {
        ConfigDef.Recommender modes = new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return List.of("", "fast", "safe");
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return true;
            }
        };
        return new ConfigDef()
                .define("b.size", Type.INT, 10, Range.atLeast(1), Importance.MEDIUM, "Batch size.", "Writes", 2,
                        Width.SHORT, "Size")
                .define("a.url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Where.", "Connection", 1,
                        Width.LONG, "URL")
                .define("b.mode", Type.STRING, "", Importance.LOW, "Mode.", "Writes", 1, Width.SHORT, "Mode", modes)
                .define("c.list", Type.LIST, List.of("x", "y"), Importance.LOW, "Things.")
                .define("a.user", Type.STRING, null, Importance.HIGH, "Who.", "Connection", 2, Width.SHORT, "User");
    }

    @Test
    void keysByGroupInTheirOrderWithEverythingTheDefinitionSays() {
        String md = new ConfigDocs("Test connector: configuration reference", ConfigDocsTest.class, def(),
                "A note.").markdown();
        assertThat(md).isEqualTo("""
                # Test connector: configuration reference

                Generated from `ConfigDocsTest` by `org.pkuse.connect.common.config.ConfigDocs`; do not edit by hand \
                (a unit test fails when this file is stale).

                A note.

                ## Writes

                ### `b.mode`

                Mode.

                - Type: string
                - Default: `""`
                - Recommended values: `""`, `fast`, `safe`
                - Importance: low

                ### `b.size`

                Batch size.

                - Type: int
                - Default: `10`
                - Valid values: [1,...]
                - Importance: medium

                ## Connection

                ### `a.url`

                Where.

                - Type: string
                - Default: none (required)
                - Importance: high

                ### `a.user`

                Who.

                - Type: string
                - Default: null
                - Importance: high

                ## Other

                ### `c.list`

                Things.

                - Type: list
                - Default: `x,y`
                - Importance: low
                """);
    }

    @Test
    void writesTheFile(@TempDir Path dir) throws Exception {
        ConfigDocs docs = new ConfigDocs("T", ConfigDocsTest.class, def());
        Path file = dir.resolve("docs").resolve("configuration.md");
        docs.write(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(docs.markdown());
    }
}
