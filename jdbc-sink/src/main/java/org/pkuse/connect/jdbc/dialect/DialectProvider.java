package org.pkuse.connect.jdbc.dialect;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the sink knows about one database: the URLs it takes, its driver, what the sink adds to a URL, the URL
 * parameters its driver must not get, and its dialect. Registered in
 * {@code META-INF/services/org.pkuse.connect.jdbc.dialect.DialectProvider}; adding a database is one package and one
 * line there.
 */
public interface DialectProvider {

    /** The name accepted by {@code dialect.name}. */
    String name();

    /** The JDBC URL prefixes this provider's driver takes, such as {@code jdbc:mysql:}. */
    List<String> urlPrefixes();

    /** The driver for URLs with one of {@link #urlPrefixes()}. */
    String driverClass();

    /**
     * The URL the driver gets: what the sink needs (batch rewriting, safe defaults) added unless the URL decides.
     *
     * @param includeValues whether the driver's messages may carry row values ({@code pkuse.errors.include.values})
     */
    String prepareUrl(String url, boolean includeValues);

    /** The URL of validate's single connection attempt, which must show the server's answer, not retry. */
    default String validationUrl(String url) {
        return prepareUrl(url, false);
    }

    /** Driver properties that bound one connection attempt (connect and login) to {@code timeout}. */
    Map<String, String> connectTimeouts(Duration timeout);

    /**
     * Lower-case names of this driver's URL parameters that read or write files, load classes or deserialize in the
     * worker; {@link UnsafeUrlParameters} refuses a URL holding one.
     */
    Set<String> unsafeUrlParameters();

    /**
     * The transaction isolation the sink's connections get, named as HikariCP names it: the server's usual default,
     * set explicitly so that the pool never has to detect it. A detection that fails (the pool's first session
     * killed while it is set up) leaves HikariCP asking the driver for isolation -1 on every new connection, and
     * the task never gets a connection again (seen in {@code KilledConnectionIT} on PostgreSQL).
     */
    default String transactionIsolation() {
        return "TRANSACTION_READ_COMMITTED";
    }

    /**
     * The database or schema that a table named without one is in, as the URL names it: by default the URL's path,
     * the database; "" when it names none.
     *
     * @param uri the URL without its {@code jdbc:} prefix
     */
    default String defaultQualifier(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /**
     * SQLSTATEs of this database, beyond class 08, that {@link SqlErrors#isTransient} retries (deadlock, server
     * restarting...). Every installed provider's codes count for every connection: the checks have no dialect.
     */
    default Set<String> transientSqlStates() {
        return Set.of();
    }

    /** Vendor codes ({@link SQLException#getErrorCode()}) that {@link SqlErrors#isTransient} retries. */
    default Set<Integer> transientErrorCodes() {
        return Set.of();
    }

    /** Vendor codes of a refused login, which the standard's SQLSTATE class 28 does not cover. */
    default Set<Integer> loginRefusedCodes() {
        return Set.of();
    }

    /** How well this provider fits: 0 = not at all; the highest score wins. */
    int score(String jdbcUrl, ServerInfo server);

    DatabaseDialect create(ServerInfo server);
}
