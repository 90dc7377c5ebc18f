package org.pkuse.connect.jdbc.dialect;

import java.util.Locale;

/** What the sink does to a JDBC URL before a driver gets it, and how it shows one in messages. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /**
     * Turns on the drivers' batch rewriting unless the URL decides: {@code rewriteBatchedStatements=true} for MySQL's
     * driver (one multi-row INSERT per batch instead of a round trip per row) and {@code reWriteBatchedInserts=true}
     * for PostgreSQL's. MariaDB's driver batches by itself.
     */
    public static String prepare(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:mysql:") && !lower.contains("rewritebatchedstatements=")) {
            return url + (url.contains("?") ? "&" : "?") + "rewriteBatchedStatements=true";
        }
        if (url.startsWith("jdbc:postgresql:") && !lower.contains("rewritebatchedinserts=")) {
            return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        return url;
    }

    public static String driverClass(String url) {
        if (url.startsWith("jdbc:mysql:")) {
            return "com.mysql.cj.jdbc.Driver";
        }
        if (url.startsWith("jdbc:mariadb:")) {
            return "org.mariadb.jdbc.Driver";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalArgumentException("no driver for this URL");
    }

    /** The URL without any password in it, for messages and logs. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=****");
    }
}
