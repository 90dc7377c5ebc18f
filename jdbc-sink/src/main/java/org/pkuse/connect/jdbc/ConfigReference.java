package org.pkuse.connect.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Writes the options reference ({@code docs/configuration.md}) from the {@link ConfigDef}, so the docs cannot drift
 * from the code: {@code java ... ConfigReference jdbc-sink/docs/configuration.md}. A unit test fails when the
 * committed file is stale.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# JDBC sink connector: configuration reference\n\n")
                .append("Generated from `JdbcSinkConfig` by `org.pkuse.connect.jdbc.ConfigReference`; do not edit.\n");
        Map<String, List<ConfigDef.ConfigKey>> groups = new LinkedHashMap<>();
        for (ConfigDef.ConfigKey key : JdbcSinkConfig.CONFIG_DEF.configKeys().values()) {
            groups.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>()).add(key);
        }
        for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : groups.entrySet()) {
            out.append("\n## ").append(group.getKey()).append("\n");
            group.getValue().sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
            for (ConfigDef.ConfigKey key : group.getValue()) {
                out.append("\n### `").append(key.name).append("`\n\n")
                        .append(key.documentation == null ? "" : key.documentation.trim()).append("\n\n")
                        .append("- Type: ").append(key.type.toString().toLowerCase()).append('\n')
                        .append("- Default: ").append(defaultText(key)).append('\n');
                if (key.validator != null) {
                    out.append("- Valid values: ").append(key.validator.toString().trim()).append('\n');
                }
                out.append("- Importance: ").append(key.importance.toString().toLowerCase()).append('\n');
            }
        }
        return out.toString();
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "none (required)";
        }
        Object v = key.defaultValue;
        if (v == null) {
            return "null";
        }
        String text = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(v);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "jdbc-sink/docs/configuration.md");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, markdown(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + target);
    }
}
