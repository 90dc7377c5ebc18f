package org.pkuse.connect.jdbc.dialect;

import java.util.Locale;

/** The small edits providers make to a JDBC URL before a driver gets it. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /** Whether the URL sets {@code name} itself (names compared case-insensitively). */
    public static boolean sets(String url, String name) {
        return url.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT) + "=");
    }

    /** The URL with {@code parameter} ({@code name=value}) appended to its query. */
    public static String withParameter(String url, String parameter) {
        return url + (url.indexOf('?') >= 0 ? '&' : '?') + parameter;
    }
}
