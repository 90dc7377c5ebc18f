package org.pkuse.connect.jdbc.dialect.postgresql;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DialectProvider;
import org.pkuse.connect.jdbc.dialect.JdbcUrls;
import org.pkuse.connect.jdbc.dialect.ServerInfo;

/** PostgreSQL through pgjdbc 42. */
public final class PostgresDialectProvider implements DialectProvider {

    /** Deadlock, serialization, admin shutdown, crash shutdown, cannot connect now, too many connections... */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03",
            "53300", "55P03", "08000", "08003", "08006", "08001", "08004");

    /** Class names and their arguments, XXE, files written, service files. */
    private static final Set<String> UNSAFE = Set.of(
            "socketfactory", "socketfactoryarg", "sslfactory", "sslfactoryarg", "sslhostnameverifier",
            "sslpasswordcallback", "authenticationpluginclassname", "xmlfactoryfactory", "connectexecutor",
            "connectexecutorarg", "classloaderstrategy", "loggerfile", "loggerlevel", "service");

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public List<String> urlPrefixes() {
        return List.of("jdbc:postgresql:");
    }

    @Override
    public String driverClass() {
        return "org.postgresql.Driver";
    }

    /**
     * Batch rewriting (multi-row INSERTs) unless the URL decides; without values asked for, logServerErrorDetail=false
     * keeps the server's DETAIL and a failed batch entry's bound values out of the driver's messages.
     */
    @Override
    public String prepareUrl(String url, boolean includeValues) {
        String out = url;
        if (!JdbcUrls.sets(url, "reWriteBatchedInserts")) {
            out = JdbcUrls.withParameter(out, "reWriteBatchedInserts=true");
        }
        if (!includeValues && !JdbcUrls.sets(url, "logServerErrorDetail")) {
            out = JdbcUrls.withParameter(out, "logServerErrorDetail=false");
        }
        return out;
    }

    /** pgjdbc counts both in seconds; loginTimeout bounds the whole attempt, connectTimeout the socket connect. */
    @Override
    public Map<String, String> connectTimeouts(Duration timeout) {
        String seconds = Long.toString(Math.max(1, timeout.toMillis() / 1000));
        return Map.of("connectTimeout", seconds, "loginTimeout", seconds);
    }

    @Override
    public Set<String> unsafeUrlParameters() {
        return UNSAFE;
    }

    /** The URL's path names the database; the table is in the first schema of currentSchema, else in public. */
    @Override
    public String defaultQualifier(URI uri) {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String p : query.split("&")) {
            if (p.startsWith("currentSchema=")) {
                return p.substring("currentSchema=".length()).split(",")[0];
            }
        }
        return "public";
    }

    @Override
    public Set<String> transientSqlStates() {
        return TRANSIENT_SQL_STATES;
    }

    @Override
    public int score(String jdbcUrl, ServerInfo server) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? 10 : 0;
    }

    @Override
    public DatabaseDialect create(ServerInfo server) {
        return new PostgresDialect();
    }
}
