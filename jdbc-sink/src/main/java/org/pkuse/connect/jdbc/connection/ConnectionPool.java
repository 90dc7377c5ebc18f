package org.pkuse.connect.jdbc.connection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.pkuse.connect.jdbc.dialect.DialectProvider;
import org.pkuse.connect.jdbc.dialect.InstalledDialects;

/** The HikariCP pool of one task. */
public final class ConnectionPool {

    private ConnectionPool() {
    }

    public static HikariDataSource open(ConnectionSettings config, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        DialectProvider provider = InstalledDialects.get().driverFor(config.connectionUrl());
        hikari.setDriverClassName(provider.driverClass());
        hikari.setJdbcUrl(provider.prepareUrl(config.connectionUrl(), config.errorsIncludeValues()));
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(5000, Math.max(250, config.connectionTimeout().toMillis() / 2)));
        hikari.setAutoCommit(true);
        hikari.setTransactionIsolation(provider.transactionIsolation());
        // The task starts even when the database is briefly away; the first flush then retries.
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }
}
