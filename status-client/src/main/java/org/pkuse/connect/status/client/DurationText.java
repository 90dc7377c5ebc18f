package org.pkuse.connect.status.client;

import java.time.Duration;
import java.util.Locale;

/** How a scheduler writes a wait on a command line: {@code 30s}, {@code 10m}, {@code 2h}, {@code 500ms}, ... */
public final class DurationText {

    private DurationText() {
    }

    /**
     * {@code 30s}, {@code 10m}, {@code 2h}, {@code 500ms}, ISO-8601 ({@code PT30S}), or plain seconds.
     *
     * @throws IllegalArgumentException naming the text and the forms expected
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 30s, 10m, "
                    + "2h, 500ms, PT30S or a number of seconds)", e);
        }
    }
}
