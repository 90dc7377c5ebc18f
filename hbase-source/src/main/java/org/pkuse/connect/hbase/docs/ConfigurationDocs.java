package org.pkuse.connect.hbase.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.pkuse.connect.hbase.HBaseSourceConfig;

/**
 * Writes the options reference ({@code docs/configuration.md}) from the {@link ConfigDef}, so that the docs cannot
 * drift from the code; a unit test fails when the committed file is stale.
 * Usage: {@code java ... ConfigurationDocs hbase-source/docs/configuration.md}.
 */
public final class ConfigurationDocs {

    private ConfigurationDocs() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "hbase-source/docs/configuration.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown(), StandardCharsets.UTF_8);
    }

    public static String markdown() {
        ConfigDef def = HBaseSourceConfig.configDef();
        StringBuilder md = new StringBuilder();
        md.append("# HBase source connector: configuration reference\n\n")
                .append("Generated from `HBaseSourceConfig` by `org.pkuse.connect.hbase.docs.ConfigurationDocs`; do not "
                        + "edit by hand (a unit test fails when this file is stale).\n\n")
                .append("Besides these keys the connector reads Connect's `errors.tolerance` (`none` or `all`) and "
                        + "passes every `hbase.*`, `zookeeper.*` and `hadoop.*` key to the HBase client.\n");
        List<String> groups = new ArrayList<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            if (!groups.contains(key.group)) {
                groups.add(key.group);
            }
        }
        for (String group : groups) {
            md.append("\n## ").append(group).append("\n");
            def.configKeys().values().stream().filter(k -> group.equals(k.group))
                    .sorted((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup))
                    .forEach(k -> key(md, k));
        }
        return md.toString();
    }

    private static void key(StringBuilder md, ConfigDef.ConfigKey k) {
        md.append("\n### `").append(k.name).append("`\n\n").append(k.documentation).append("\n\n");
        md.append("- Type: ").append(k.type.name().toLowerCase()).append("\n");
        if (!k.hasDefault()) {
            md.append("- Required\n");
        } else {
            Object d = k.defaultValue;
            String shown = d == null ? "null" : d instanceof String s && s.isEmpty() ? "\"\"" : String.valueOf(d);
            md.append("- Default: `").append(shown).append("`\n");
        }
        if (k.validator != null) {
            md.append("- Valid values: ").append(k.validator.toString().replace("\n", " ")).append("\n");
        }
        md.append("- Importance: ").append(k.importance.name().toLowerCase()).append("\n");
    }
}
