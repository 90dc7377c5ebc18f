package org.pkuse.connect.jdbc.connection;

import java.time.Duration;
import java.util.Locale;

import org.apache.kafka.common.config.types.Password;

/**
 * How a JDBC connector reaches its database, read from the keys {@link ConnectionOptions} defines. The sink's and
 * the source's configs implement it; {@code AbstractConfig}'s getters answer the four abstract methods.
 */
public interface ConnectionSettings {

    String getString(String key);

    Integer getInt(String key);

    Long getLong(String key);

    Password getPassword(String key);

    /** Row values may appear in messages (the drivers' own error texts included). */
    boolean errorsIncludeValues();

    default String connectionUrl() {
        return getString(ConnectionOptions.CONNECTION_URL).trim();
    }

    /** The user, or null when the URL carries it. */
    default String user() {
        return getString(ConnectionOptions.CONNECTION_USER);
    }

    /** The password, for the driver only; null when the URL carries it (or none is needed). */
    default String password() {
        Password p = getPassword(ConnectionOptions.CONNECTION_PASSWORD);
        return p == null ? null : p.value();
    }

    default int poolSize() {
        return getInt(ConnectionOptions.CONNECTION_POOL_SIZE);
    }

    default Duration connectionTimeout() {
        return Duration.ofMillis(getLong(ConnectionOptions.CONNECTION_TIMEOUT_MS));
    }

    /** {@code dialect.name}, lower case; empty: from the URL and the server. */
    default String dialectName() {
        return getString(ConnectionOptions.DIALECT_NAME).trim().toLowerCase(Locale.ROOT);
    }
}
