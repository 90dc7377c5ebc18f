package org.pkuse.connect.hbase.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The committed options reference matches the ConfigDef. Regenerate with -Dpkuse.docs.write=true. */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("docs", "configuration.md");

    @Test
    void committedReferenceIsCurrent() throws Exception {
        String generated = ConfigurationDocs.markdown();
        if (Boolean.getBoolean("pkuse.docs.write")) {
            ConfigurationDocs.main(new String[] {DOC.toString()});
        }
        assertThat(DOC).exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: run mvn -pl hbase-source test -Dpkuse.docs.write=true")
                .isEqualTo(generated);
    }

    @Test
    void everyContractKeyIsDocumented() {
        String md = ConfigurationDocs.markdown();
        for (String key : new String[] {"pkuse.connector.name", "pkuse.kafka.topic.prefix", "pkuse.hbase.ip",
                "pkuse.hbase.port", "pkuse.hbase.table.name", "pkuse.hbase.namespace", "pkuse.kafka.batch.size",
                "pkuse.hbase.filed.mapping", "pkuse.isftpfile", "pkuse.daboturl", "pkuse.datasyntype",
                "pkuse.incrementreadfields", "pkuse.lastincrementvalue", "pkuse.hbase.filed.columnsKey",
                "pkuse.hasbigfield", "org.pkuse.kafka.broker", "pkuse.task.id"}) {
            assertThat(md).contains("### `" + key + "`");
        }
    }
}
