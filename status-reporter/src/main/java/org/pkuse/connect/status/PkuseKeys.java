package org.pkuse.connect.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Reports, at validate, the {@code pkuse.*} and {@code org.pkuse.*} keys a connector does not know: a typo in
 * {@code pkuse.task.id} would otherwise make a sink serve every job, one in {@code org.pkuse.kafka.broker} would
 * turn status events off. Also checks the {@code pkuse.status.producer.*} keys ({@link StatusProducerKeys}).
 */
public final class PkuseKeys {

    /** Platform settings the scheduler sends to every connector of a job; other connectors use them. */
    public static final Set<String> PLATFORM_KEYS = Set.of("pkuse.isftpfile", "pkuse.daboturl", "pkuse.hasbigfield");

    private PkuseKeys() {
    }

    /** Adds one entry with an error for each unknown or forbidden key; its value is not echoed (it may be secret). */
    public static void check(ConfigDef def, Map<String, String> props, Config result) {
        Set<String> known = def.names();
        for (String key : props.keySet()) {
            String problem = problem(key, known);
            if (problem != null) {
                result.configValues().add(new ConfigValue(key, null, List.of(),
                        new ArrayList<>(List.of(problem))));
            }
        }
    }

    static String problem(String key, Set<String> known) {
        if (key.startsWith(StatusConfig.PRODUCER_PREFIX)) {
            return StatusProducerKeys.problem(key.substring(StatusConfig.PRODUCER_PREFIX.length()));
        }
        if (!(key.startsWith("pkuse.") || key.startsWith("org.pkuse.")) || known.contains(key)
                || PLATFORM_KEYS.contains(key)) {
            return null;
        }
        String closest = closest(key, known);
        return "Unknown key '" + key + "': this connector has no such setting"
                + (closest == null ? "" : "; did you mean '" + closest + "'?");
    }

    /** The known key nearest to a typo, if it is near enough to be the one meant. */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 5) ? best : null;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The validate answer every pkuse connector gives: the ConfigDef's own checks, plus unknown or forbidden keys;
     * when none of them failed, {@code deeper} checks the parsed config (cross-field, the outside system) on the
     * values by key; then every echo is redacted.
     */
    public static Config validate(Config base, ConfigDef def, Map<String, String> props,
                                  Consumer<Map<String, ConfigValue>> deeper) {
        check(def, props, base);
        Map<String, ConfigValue> values = new HashMap<>();
        base.configValues().forEach(v -> values.put(v.name(), v));
        if (values.values().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            deeper.accept(values);
        }
        return redactEchoes(base);
    }

    /** Redacts the values a validate answer echoes and its messages, so no secret reaches the REST answer. */
    public static Config redactEchoes(Config result) {
        for (ConfigValue value : result.configValues()) {
            if (value.value() instanceof String text) {
                value.value(Redactor.redact(text));
            }
            value.errorMessages().replaceAll(Redactor::redact);
        }
        return result;
    }
}
