package org.pkuse.connect.jdbc.dialect.mysql;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DialectProvider;
import org.pkuse.connect.jdbc.dialect.JdbcUrls;
import org.pkuse.connect.jdbc.dialect.ServerInfo;

/** MySQL through MySQL Connector/J; a {@code jdbc:mysql:} URL that reaches MariaDB gets the MariaDB dialect. */
public final class MySqlDialectProvider implements DialectProvider {

    /** MySQL/MariaDB: lock wait timeout, deadlock, server shutdown, lost connection, too many connections... */
    public static final Set<Integer> TRANSIENT_ERROR_CODES = Set.of(1205, 1213, 1053, 1040, 1927, 2002, 2003, 2006,
            2013, 1317, 1290, 3572, 4031);

    /** Access denied: for the user (1045), to the database (1044), without the password a plugin wants (1698). */
    public static final Set<Integer> LOGIN_REFUSED_CODES = Set.of(1045, 1044, 1698);

    /** LOCAL INFILE, deserialization, class names, files read or sent. */
    private static final Set<String> UNSAFE = Set.of(
            "allowloadlocalinfile", "allowloadlocalinfileinpath", "allowurlinlocalinfile", "autodeserialize",
            "socketfactory", "queryinterceptors", "statementinterceptors", "connectionlifecycleinterceptors",
            "exceptioninterceptors", "propertiestransform", "logger", "profilereventhandler", "clientinfoprovider",
            "authenticationplugins", "defaultauthenticationplugin", "authenticationwebauthncallbackhandler",
            "authenticationopenidconnectcallbackhandler", "loadbalanceexceptionchecker", "ha.loadbalancestrategy",
            "haloadbalancestrategy", "serverconfigcachefactory", "queryinfocachefactory", "parseinfocachefactory",
            "loadbalancesqlexceptionsubclassfailover", "idtokenfile", "ociconfigfile", "namedpipepath");

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public List<String> urlPrefixes() {
        return List.of("jdbc:mysql:");
    }

    @Override
    public String driverClass() {
        return "com.mysql.cj.jdbc.Driver";
    }

    /**
     * One multi-row INSERT per batch instead of a round trip per row; and the session's auto-commit and read-only
     * state kept by the driver rather than set or queried on the server at each use (two to five round trips per
     * flush otherwise: the sink changes that state only through JDBC calls).
     */
    @Override
    public String prepareUrl(String url, boolean includeValues) {
        String prepared = JdbcUrls.sets(url, "rewriteBatchedStatements") ? url
                : JdbcUrls.withParameter(url, "rewriteBatchedStatements=true");
        return JdbcUrls.sets(prepared, "useLocalSessionState") ? prepared
                : JdbcUrls.withParameter(prepared, "useLocalSessionState=true");
    }

    @Override
    public String validationUrl(String url) {
        return withoutAutoReconnect(prepareUrl(url, false));
    }

    /** autoReconnect=true makes the driver retry and hide the server's answer (bad password...). */
    public static String withoutAutoReconnect(String url) {
        return url.replaceAll("(?i)autoReconnect=true", "autoReconnect=false");
    }

    @Override
    public Map<String, String> connectTimeouts(Duration timeout) {
        return Map.of("connectTimeout", Long.toString(timeout.toMillis()));
    }

    @Override
    public Set<String> unsafeUrlParameters() {
        return UNSAFE;
    }

    @Override
    public Set<Integer> transientErrorCodes() {
        return TRANSIENT_ERROR_CODES;
    }

    @Override
    public Set<Integer> loginRefusedCodes() {
        return LOGIN_REFUSED_CODES;
    }

    @Override
    public int score(String jdbcUrl, ServerInfo server) {
        return jdbcUrl.startsWith("jdbc:mysql:") && (server == null || !isMariaDb(server)) ? 10 : 0;
    }

    /** MySQL's driver reports MariaDB as "MySQL" with a version such as "11.4.5-MariaDB". */
    public static boolean isMariaDb(ServerInfo server) {
        String text = (server.productName() + " " + server.productVersion()).toLowerCase(Locale.ROOT);
        return text.contains("mariadb");
    }

    @Override
    public DatabaseDialect create(ServerInfo server) {
        return new MySqlDialect(server == null || server.atLeast(8, 0, 20));
    }

    /** InnoDB's default, which the sink's locking was written and measured against. */
    @Override
    public String transactionIsolation() {
        return "TRANSACTION_REPEATABLE_READ";
    }
}
