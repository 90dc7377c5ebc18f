package org.pkuse.connect.status;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.types.Password;

/**
 * The one place that hides secrets in text leaving the process: log lines, exception messages, status events and
 * validate answers of every pkuse connector. It hides the value of any key whose name holds {@code password},
 * {@code passwd}, {@code pwd} or {@code secret} (URL query and host attributes, properties, JAAS options, JSON) and
 * the password of a URL's {@code user:password@} part.
 */
public final class Redactor {

    public static final String HIDDEN = "****";

    /**
     * A secret-named parameter of a URL's query: its value runs to the next {@code &} (or {@code #}, whitespace, the
     * end), whatever it holds, since a URL may carry a comma or a bracket unencoded.
     */
    private static final Pattern URL_SECRET_PARAM = Pattern.compile(
            "(?i)([?&][\\w.\\-]*?(?:password|passwd|pwd|secret)[\\w.\\-]*=)([^&#\\s]+)");
    /**
     * Elsewhere, a secret-named key, an optional closing quote (JSON), '=' or ':', then a quoted value (escaped
     * quotes inside) or a bare one. "(using password: YES)" is the servers' login-failure wording and holds no
     * secret.
     */
    private static final Pattern SECRET_PAIR = Pattern.compile(
            // Starts at the secret word, not at the key's start: a leading [\\w]* would make long texts quadratic.
            "(?i)((?:password|passwd|pwd|secret)[\\w.\\-]*)([\"']?\\s*[=:]\\s*)"
                    + "(?!(?:YES|NO)\\)(?:[\\s.,;]|$))"
                    + "(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|(?:(?:YES|NO)\\))?[^&;,\\s\"')}\\]]+"
                    + "|[\"'][^\\s]*)"); // an unclosed quote (a cut text): to the next whitespace
    /** A URL's {@code user:password@}: the password runs to the authority's last '@'. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@\\s?#]+:)([^/\\s?#]+)(@)");

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher pair = SECRET_PAIR.matcher(URL_SECRET_PARAM.matcher(text).replaceAll("$1" + HIDDEN));
        StringBuilder out = new StringBuilder(text.length());
        while (pair.find()) {
            String value = pair.group(3);
            char first = value.charAt(0);
            String hidden = first == '"' || first == '\'' ? first + HIDDEN + first : HIDDEN;
            pair.appendReplacement(out, Matcher.quoteReplacement(pair.group(1) + pair.group(2) + hidden));
        }
        pair.appendTail(out);
        return URL_USER_INFO.matcher(out).replaceAll("$1" + HIDDEN + "$3");
    }

    /** A config's parsed values for a log line: passwords hidden, every text redacted, keys sorted. */
    public static String describe(Map<String, ?> values) {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> shown.put(key, value instanceof Password ? Password.HIDDEN
                : redact(String.valueOf(value))));
        return shown.toString();
    }
}
