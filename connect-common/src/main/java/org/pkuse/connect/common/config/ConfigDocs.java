package org.pkuse.connect.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;

/**
 * A connector's configuration reference ({@code docs/configuration.md}) written from its {@link ConfigDef}, so that
 * the docs cannot drift from the code: the keys by group in their order, each with its documentation, type,
 * default, valid values (the validator's {@code toString()}), recommended values and importance. Each connector
 * keeps a unit test that fails when its committed file differs from {@link #markdown()}.
 */
public final class ConfigDocs {

    private static final String OTHER_GROUP = "Other";

    private final String title;
    private final Class<?> source;
    private final ConfigDef def;
    private final List<String> notes;

    /**
     * @param title  the page's heading
     * @param source the config class the keys are defined in, named in the page
     * @param def    its definition
     * @param notes  paragraphs shown before the keys, such as keys read besides the defined ones
     */
    public ConfigDocs(String title, Class<?> source, ConfigDef def, String... notes) {
        this.title = title;
        this.source = source;
        this.def = def;
        this.notes = List.of(notes);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n")
                .append("Generated from `").append(source.getSimpleName()).append("` by `")
                .append(ConfigDocs.class.getName())
                .append("`; do not edit by hand (a unit test fails when this file is stale).\n");
        for (String note : notes) {
            md.append('\n').append(note.trim()).append('\n');
        }
        Map<String, List<ConfigDef.ConfigKey>> groups = new LinkedHashMap<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            groups.computeIfAbsent(key.group == null ? OTHER_GROUP : key.group, g -> new ArrayList<>()).add(key);
        }
        groups.forEach((group, keys) -> {
            md.append("\n## ").append(group).append('\n');
            keys.stream().sorted(Comparator.comparingInt(k -> k.orderInGroup)).forEach(k -> key(md, k));
        });
        return md.toString();
    }

    /** Writes {@link #markdown()} to {@code file}, creating its folder. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    }

    private static void key(StringBuilder md, ConfigDef.ConfigKey k) {
        md.append("\n### `").append(k.name).append("`\n\n")
                .append(k.documentation == null ? "" : k.documentation.trim()).append("\n\n")
                .append("- Type: ").append(k.type.name().toLowerCase(Locale.ROOT)).append('\n')
                .append("- Default: ").append(defaultText(k)).append('\n');
        if (k.validator != null) {
            md.append("- Valid values: ").append(oneLine(k.validator.toString())).append('\n');
        }
        List<Object> recommended = recommended(k);
        if (!recommended.isEmpty()) {
            md.append("- Recommended values: ")
                    .append(recommended.stream().map(ConfigDocs::code).collect(Collectors.joining(", ")))
                    .append('\n');
        }
        md.append("- Importance: ").append(k.importance.name().toLowerCase(Locale.ROOT)).append('\n');
    }

    private static String defaultText(ConfigDef.ConfigKey k) {
        if (!k.hasDefault()) {
            return "none (required)";
        }
        Object v = k.defaultValue;
        if (v == null) {
            return "null";
        }
        return code(v instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : v);
    }

    /** What the key's recommender offers with no other key set; none if it needs other keys to answer. */
    private static List<Object> recommended(ConfigDef.ConfigKey k) {
        if (k.recommender == null) {
            return List.of();
        }
        try {
            List<Object> values = k.recommender.validValues(k.name, Map.of());
            return values == null ? List.of() : values;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String code(Object value) {
        String text = oneLine(String.valueOf(value));
        return text.isEmpty() ? "`\"\"`" : "`" + text + "`";
    }

    private static String oneLine(String text) {
        return text.trim().replaceAll("\\s*\\n\\s*", " ");
    }
}
