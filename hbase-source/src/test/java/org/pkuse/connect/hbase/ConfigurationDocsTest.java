package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The committed options reference matches the ConfigDef. Regenerate with
 * {@code mvn -o -q -pl hbase-source test -Dtest=ConfigurationDocsTest -Dpkuse.docs.write=true}.
 */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final Path SINK_DOC = Path.of("docs", "sink-configuration.md");

    @Test
    void committedReferenceIsCurrent() throws Exception {
        String generated = HBaseSourceConfig.docs().markdown();
        if (Boolean.getBoolean("pkuse.docs.write")) {
            HBaseSourceConfig.docs().write(DOC);
        }
        assertThat(DOC).exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: regenerate it (see this test's javadoc)")
                .isEqualTo(generated);
    }

    @Test
    void committedSinkReferenceIsCurrent() throws Exception {
        String generated = HBaseSinkConfig.docs().markdown();
        if (Boolean.getBoolean("pkuse.docs.write")) {
            HBaseSinkConfig.docs().write(SINK_DOC);
        }
        assertThat(SINK_DOC).exists();
        assertThat(Files.readString(SINK_DOC, StandardCharsets.UTF_8))
                .as("docs/sink-configuration.md is stale: regenerate it (see this test's javadoc)")
                .isEqualTo(generated);
    }

    @Test
    void everyContractKeyIsDocumented() {
        String md = HBaseSourceConfig.docs().markdown();
        for (String key : new String[] {"pkuse.connector.name", "pkuse.kafka.topic.prefix", "pkuse.hbase.ip",
                "pkuse.hbase.port", "pkuse.hbase.table.name", "pkuse.hbase.namespace", "pkuse.kafka.batch.size",
                "pkuse.hbase.filed.mapping", "pkuse.isftpfile", "pkuse.daboturl", "pkuse.datasyntype",
                "pkuse.incrementreadfields", "pkuse.lastincrementvalue", "pkuse.hbase.filed.columnsKey",
                "pkuse.hasbigfield", "org.pkuse.kafka.broker", "pkuse.task.id"}) {
            assertThat(md).contains("### `" + key + "`");
        }
    }
}
