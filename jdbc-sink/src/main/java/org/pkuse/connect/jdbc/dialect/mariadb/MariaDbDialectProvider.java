package org.pkuse.connect.jdbc.dialect.mariadb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DialectProvider;
import org.pkuse.connect.jdbc.dialect.JdbcUrls;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.mysql.MySqlDialectProvider;

/**
 * MariaDB through MariaDB Connector/J 3 for {@code jdbc:mariadb:} URLs; its dialect also serves {@code jdbc:mysql:}
 * URLs that reach a MariaDB server, which MySQL's driver then connects to.
 */
public final class MariaDbDialectProvider implements DialectProvider {

    /** LOCAL INFILE (on by default), socket factory, credentials from the worker. */
    private static final Set<String> UNSAFE = Set.of("allowlocalinfile", "credentialtype", "pipe", "socketfactory");

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public List<String> urlPrefixes() {
        return List.of("jdbc:mariadb:");
    }

    @Override
    public String driverClass() {
        return "org.mariadb.jdbc.Driver";
    }

    /**
     * The driver batches by itself; it lets a server ask for local files by default, which the URL cannot turn on
     * again (allowLocalInfile is an unsafe parameter).
     */
    @Override
    public String prepareUrl(String url, boolean includeValues) {
        return JdbcUrls.withParameter(url, "allowLocalInfile=false");
    }

    /** Without autoReconnect, as for MySQL. */
    @Override
    public String validationUrl(String url) {
        return MySqlDialectProvider.withoutAutoReconnect(prepareUrl(url, false));
    }

    @Override
    public Map<String, String> connectTimeouts(Duration timeout) {
        return Map.of("connectTimeout", Long.toString(timeout.toMillis()));
    }

    @Override
    public Set<String> unsafeUrlParameters() {
        return UNSAFE;
    }

    /** MySQL's codes: MariaDB keeps them. */
    @Override
    public Set<Integer> transientErrorCodes() {
        return MySqlDialectProvider.TRANSIENT_ERROR_CODES;
    }

    @Override
    public Set<Integer> loginRefusedCodes() {
        return MySqlDialectProvider.LOGIN_REFUSED_CODES;
    }

    @Override
    public int score(String jdbcUrl, ServerInfo server) {
        if (jdbcUrl.startsWith("jdbc:mariadb:")) {
            return 10;
        }
        return jdbcUrl.startsWith("jdbc:mysql:") && server != null && MySqlDialectProvider.isMariaDb(server) ? 20 : 0;
    }

    @Override
    public DatabaseDialect create(ServerInfo server) {
        return new MariaDbDialect();
    }

    /** InnoDB's default, which the sink's locking was written and measured against. */
    @Override
    public String transactionIsolation() {
        return "TRANSACTION_REPEATABLE_READ";
    }
}
