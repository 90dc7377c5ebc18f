package org.pkuse.connect.jdbc.connection;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.pkuse.connect.jdbc.dialect.DialectNames;
import org.pkuse.connect.jdbc.dialect.JdbcUrlValidator;

/** The connection keys every JDBC connector of the bundle has, defined once. */
public final class ConnectionOptions {

    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USER = "connection.user";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String CONNECTION_POOL_SIZE = "connection.pool.max.size";
    public static final String CONNECTION_TIMEOUT_MS = "connection.timeout.ms";
    public static final String DIALECT_NAME = "dialect.name";

    private ConnectionOptions() {
    }

    /**
     * Defines the connection group; {@code urlDoc} says what the URL points at for this connector.
     *
     * @return the last order number used in the group
     */
    public static int define(ConfigDef def, String group, String urlDoc, int defaultPoolSize) {
        int order = 0;
        def.define(CONNECTION_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new JdbcUrlValidator(), Importance.HIGH,
                urlDoc, group, ++order, Width.LONG, "JDBC URL");
        def.define(CONNECTION_USER, Type.STRING, null, Importance.HIGH,
                "Database user.", group, ++order, Width.MEDIUM, "User");
        def.define(CONNECTION_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                "Database password. Never logged, never in status events or validate answers. A stock worker "
                        + "returns it from GET /connectors/{name}/config: keep it out of the connector config with "
                        + "a Kafka ConfigProvider (config-examples/secrets/).",
                group, ++order, Width.MEDIUM, "Password");
        def.define(CONNECTION_POOL_SIZE, Type.INT, defaultPoolSize, Range.between(1, 100), Importance.LOW,
                "Most connections each task keeps open (HikariCP pool).",
                group, ++order, Width.SHORT, "Pool size");
        def.define(CONNECTION_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(250), Importance.LOW,
                "How long getting a connection from the pool (and connecting at validation) may take.",
                group, ++order, Width.SHORT, "Connection timeout (ms)");
        DialectNames dialects = new DialectNames();
        def.define(DIALECT_NAME, Type.STRING, "", dialects.validator(), Importance.LOW,
                "Database dialect. Empty: chosen from the URL and the server's version (a jdbc:mysql:// URL that "
                        + "reaches MariaDB gets the MariaDB dialect).",
                group, ++order, Width.SHORT, "Dialect", dialects);
        return order;
    }
}
