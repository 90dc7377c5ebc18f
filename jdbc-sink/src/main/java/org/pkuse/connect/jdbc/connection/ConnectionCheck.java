package org.pkuse.connect.jdbc.connection;

import static org.pkuse.connect.common.config.ConfigErrors.addError;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.pkuse.connect.common.config.BoundedCheck;
import org.pkuse.connect.jdbc.dialect.DialectProvider;
import org.pkuse.connect.jdbc.dialect.InstalledDialects;
import org.pkuse.connect.status.Redactor;

/**
 * The database check of a JDBC connector's {@code validate()}: one real connection with the given credentials, within
 * {@code connection.timeout.ms}; a failure is put on the key it concerns, and never echoes the password.
 */
public final class ConnectionCheck {

    /** What a connector checks on the open connection (a table exists, ...); errors go into the values. */
    @FunctionalInterface
    public interface OnConnection {
        void check(Connection conn, Map<String, ConfigValue> values) throws SQLException;
    }

    private ConnectionCheck() {
    }

    /** Connects once; with {@code then}, also runs the connector's own checks on that connection. */
    public static void run(ConnectionSettings c, Map<String, ConfigValue> values, OnConnection then) {
        String url = c.connectionUrl();
        long timeoutMs = c.connectionTimeout().toMillis();
        new BoundedCheck("pkuse-jdbc-validate", Duration.ofMillis(timeoutMs + 2000)).run(() -> {
            try (Connection conn = connectOnce(c, url, timeoutMs)) {
                if (then != null) {
                    then.check(conn, values);
                }
            }
            return null;
        }, values, ConnectionOptions.CONNECTION_URL, "Cannot connect to " + Redactor.redact(url)
                + ": no answer within " + timeoutMs + " ms (connection.timeout.ms)",
                cause -> connectionFailed(c, url, cause, values));
    }

    private static Connection connectOnce(ConnectionSettings c, String url, long timeoutMs) throws Exception {
        DialectProvider provider = InstalledDialects.get().driverFor(url);
        Driver driver = (Driver) Class.forName(provider.driverClass(), true,
                ConnectionCheck.class.getClassLoader()).getDeclaredConstructor().newInstance();
        Properties p = new Properties();
        if (c.user() != null) {
            p.setProperty("user", c.user());
        }
        if (c.password() != null) {
            p.setProperty("password", c.password());
        }
        p.putAll(provider.connectTimeouts(c.connectionTimeout()));
        Connection conn = driver.connect(provider.validationUrl(url), p);
        if (conn == null) {
            throw new SQLException("the driver does not accept this URL");
        }
        try {
            conn.isValid((int) Math.max(1, timeoutMs / 1000));
            return conn;
        } catch (SQLException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    private static void connectionFailed(ConnectionSettings c, String url, Throwable cause,
                                         Map<String, ConfigValue> values) {
        // MySQL's driver with autoReconnect=true wraps the server's answer: report the innermost one.
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = mask(String.valueOf(root instanceof SQLException ? root.getMessage()
                : cause.getMessage()), c.password(), c.user());
        Set<Integer> loginRefused = InstalledDialects.get().forUrl(url).map(DialectProvider::loginRefusedCodes)
                .orElse(Set.of());
        if (isAuthentication(cause, loginRefused)) {
            String m = "Cannot log in to " + Redactor.redact(url) + " as user '" + c.user()
                    + "': check connection.user and connection.password (" + message + ")";
            addError(values, ConnectionOptions.CONNECTION_USER, m);
            addError(values, ConnectionOptions.CONNECTION_PASSWORD, m);
        } else {
            addError(values, ConnectionOptions.CONNECTION_URL, "Cannot connect to " + Redactor.redact(url) + ": "
                    + message);
        }
    }

    private static String mask(String text, String password, String user) {
        if (password == null || password.isEmpty() || password.equals(user)) {
            return text;
        }
        return text.replace(password, Password.HIDDEN);
    }

    /**
     * Whether the server refused the login: SQLSTATE class 28 anywhere in the causes, or one of the driver's own
     * codes for it ({@link DialectProvider#loginRefusedCodes}).
     */
    public static boolean isAuthentication(Throwable error, Set<Integer> loginRefusedCodes) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ((state != null && state.startsWith("28")) || loginRefusedCodes.contains(s.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }
}
