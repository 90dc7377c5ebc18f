package org.pkuse.connect.status;

import java.util.regex.Pattern;

/** Hides secret-looking values (password=..., pwd=...) in text that leaves the process, such as error events. */
public final class SecretMask {

    private static final Pattern SECRET_PAIR =
            Pattern.compile("(?i)\\b(password|passwd|pwd|secret|sasl\\.jaas\\.config)(\\s*[=:]\\s*)[^&;,\\s\"']+");

    private SecretMask() {
    }

    public static String mask(String text) {
        return text == null ? null : SECRET_PAIR.matcher(text).replaceAll("$1$2****");
    }
}
