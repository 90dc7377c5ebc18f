package org.pkuse.connect.jdbc.dialect;

import java.util.Locale;

/** What the sink does to a JDBC URL before a driver gets it, and how it shows one in messages. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /** {@link #prepare(String, boolean)} without row values in the driver's messages. */
    public static String prepare(String url) {
        return prepare(url, false);
    }

    /**
     * Adds what the sink needs unless the URL decides:
     * <ul>
     * <li>batch rewriting: {@code rewriteBatchedStatements=true} for MySQL's driver (one multi-row INSERT per batch
     * instead of a round trip per row), {@code reWriteBatchedInserts=true} for PostgreSQL's; MariaDB's driver batches
     * by itself;</li>
     * <li>{@code allowLocalInfile=false} for MariaDB's driver, which lets a server ask for local files by default
     * (the URL cannot set it: {@link UnsafeUrlParameters});</li>
     * <li>{@code logServerErrorDetail=false} for PostgreSQL's driver unless values are asked for: its messages then
     * leave out the server's DETAIL and a failed batch entry's bound values.</li>
     * </ul>
     */
    public static String prepare(String url, boolean includeValues) {
        String lower = url.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(url);
        if (url.startsWith("jdbc:mysql:") && !lower.contains("rewritebatchedstatements=")) {
            append(out, "rewriteBatchedStatements=true");
        }
        if (url.startsWith("jdbc:mariadb:")) {
            append(out, "allowLocalInfile=false");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            if (!lower.contains("rewritebatchedinserts=")) {
                append(out, "reWriteBatchedInserts=true");
            }
            if (!includeValues && !lower.contains("logservererrordetail=")) {
                append(out, "logServerErrorDetail=false");
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder url, String parameter) {
        url.append(url.indexOf("?") >= 0 ? '&' : '?').append(parameter);
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
}
