package org.pkuse.connect.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.jdbc.dialect.mariadb.MariaDbDialectProvider;
import org.pkuse.connect.jdbc.dialect.mysql.MySqlDialectProvider;
import org.pkuse.connect.jdbc.dialect.postgresql.PostgresDialect;
import org.pkuse.connect.jdbc.dialect.postgresql.PostgresDialectProvider;

/** Golden SQL per dialect: what each database gets, character for character. */
class DialectSqlTest {

    private static final TableId T = TableId.parse("test03.employee01_2021_06_17");
    private static final List<String> KEY = List.of("id");
    private static final List<String> VALUES = List.of("name", "salary");

    private static DatabaseDialect mysql(String version) {
        return DatabaseDialects.resolve("", "jdbc:mysql://db:3306/test03", ServerInfo.of("MySQL", version));
    }

    @Test
    void mysql8020UsesRowAlias() {
        DatabaseDialect d = mysql("8.0.20");
        assertThat(d.name()).isEqualTo("mysql");
        assertThat(d.upsert(T, KEY, VALUES)).isEqualTo("INSERT INTO `test03`.`employee01_2021_06_17` (`id`, `name`, "
                + "`salary`) VALUES (?, ?, ?) AS new ON DUPLICATE KEY UPDATE `name` = new.`name`, "
                + "`salary` = new.`salary`");
    }

    @Test
    void mysqlBefore8020UsesValuesFunction() {
        DatabaseDialect d = mysql("8.0.19");
        assertThat(d.upsert(T, KEY, VALUES)).isEqualTo("INSERT INTO `test03`.`employee01_2021_06_17` (`id`, `name`, "
                + "`salary`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), "
                + "`salary` = VALUES(`salary`)");
        assertThat(mysql("5.7.44").upsert(T, KEY, VALUES)).contains("VALUES(`name`)");
    }

    @Test
    void mysqlUrlReachingMariaDbGetsMariaDbDialect() {
        DatabaseDialect d = DatabaseDialects.resolve("", "jdbc:mysql://db:3306/x",
                ServerInfo.of("MySQL", "11.4.5-MariaDB"));
        assertThat(d.name()).isEqualTo("mariadb");
        assertThat(d.upsert(T, KEY, VALUES)).isEqualTo("INSERT INTO `test03`.`employee01_2021_06_17` (`id`, `name`, "
                + "`salary`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), "
                + "`salary` = VALUES(`salary`)");
        assertThat(DatabaseDialects.resolve("", "jdbc:mariadb://db/x", ServerInfo.of("MariaDB", "10.11.6"))
                .name()).isEqualTo("mariadb");
    }

    @Test
    void dialectNameOverridesTheUrl() {
        assertThat(DatabaseDialects.resolve("mysql", "jdbc:mysql://db/x", ServerInfo.of("MySQL", "11.4.5-MariaDB"))
                .name()).isEqualTo("mysql");
    }

    @Test
    void upsertWithOnlyKeyColumnsDoesNothingOnConflict() {
        assertThat(mysql("8.0.36").upsert(T, KEY, List.of())).isEqualTo(
                "INSERT INTO `test03`.`employee01_2021_06_17` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id` = `id`");
        assertThat(new PostgresDialect().upsert(TableId.parse("t"), KEY, List.of())).isEqualTo(
                "INSERT INTO \"t\" (\"id\") VALUES (?) ON CONFLICT (\"id\") DO NOTHING");
    }

    @Test
    void postgresUpsertInsertUpdateDelete() {
        DatabaseDialect d = DatabaseDialects.resolve("", "jdbc:postgresql://db/x", ServerInfo.of("PostgreSQL", "16.2"));
        TableId t = TableId.parse("public.emp");
        assertThat(d.upsert(t, KEY, VALUES)).isEqualTo("INSERT INTO \"public\".\"emp\" (\"id\", \"name\", "
                + "\"salary\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\", "
                + "\"salary\" = EXCLUDED.\"salary\"");
        assertThat(d.insert(t, KEY, VALUES)).isEqualTo(
                "INSERT INTO \"public\".\"emp\" (\"id\", \"name\", \"salary\") VALUES (?, ?, ?)");
        assertThat(d.update(t, KEY, VALUES)).isEqualTo(
                "UPDATE \"public\".\"emp\" SET \"name\" = ?, \"salary\" = ? WHERE \"id\" = ?");
        assertThat(d.delete(t, List.of("a", "b"))).isEqualTo("DELETE FROM \"public\".\"emp\" WHERE \"a\" = ? AND \"b\" = ?");
    }

    @Test
    void mysqlInsertUpdateDelete() {
        DatabaseDialect d = mysql("8.0.36");
        assertThat(d.insert(T, KEY, VALUES)).isEqualTo(
                "INSERT INTO `test03`.`employee01_2021_06_17` (`id`, `name`, `salary`) VALUES (?, ?, ?)");
        assertThat(d.update(T, KEY, VALUES)).isEqualTo(
                "UPDATE `test03`.`employee01_2021_06_17` SET `name` = ?, `salary` = ? WHERE `id` = ?");
        assertThat(d.delete(T, KEY)).isEqualTo("DELETE FROM `test03`.`employee01_2021_06_17` WHERE `id` = ?");
    }

    @Test
    void identifiersAreQuotedSoNamesCannotInjectSql() {
        assertThat(mysql("8.0.36").quote("a`; DROP TABLE x; --")).isEqualTo("`a``; DROP TABLE x; --`");
        assertThat(new PostgresDialect().quote("a\"b")).isEqualTo("\"a\"\"b\"");
        TableId odd = new TableId("库 `x`", "表 名 \"q\" 'a'");
        assertThat(mysql("8.0.36").upsert(odd, List.of("order"), List.of("a b?", "it's"))).isEqualTo(
                "INSERT INTO `库 ``x```.`表 名 \"q\" 'a'` (`order`, `a b?`, `it's`) VALUES (?, ?, ?) AS new "
                        + "ON DUPLICATE KEY UPDATE `a b?` = new.`a b?`, `it's` = new.`it's`");
        assertThat(new PostgresDialect().upsert(odd, List.of("order"), List.of("a b?", "it's"))).isEqualTo(
                "INSERT INTO \"库 `x`\".\"表 名 \"\"q\"\" 'a'\" (\"order\", \"a b?\", \"it's\") VALUES (?, ?, ?) "
                        + "ON CONFLICT (\"order\") DO UPDATE SET \"a b?\" = EXCLUDED.\"a b?\", \"it's\" = "
                        + "EXCLUDED.\"it's\"");
    }

    @Test
    void mysqlIdentifiersPastSixtyFourCharactersAreAnErrorNamingThem() {
        DatabaseDialect d = mysql("8.0.36");
        assertThat(d.quote("表".repeat(64))).hasSize(66);
        String tooLong = "表".repeat(65);
        assertThatThrownBy(() -> d.quote(tooLong)).isInstanceOf(ConnectException.class)
                .hasMessage("Identifier '" + tooLong + "' is 65 characters long; MySQL and MariaDB allow at most 64 "
                        + "characters");
        assertThatThrownBy(() -> d.addColumns(T, List.of(new ColumnSpec("c".repeat(65), Schema.INT32_SCHEMA,
                false)), DatabaseDialect.TypeOptions.DEFAULT)).hasMessageContaining("'" + "c".repeat(65) + "'");
        assertThatThrownBy(() -> d.insert(new TableId("db", tooLong), KEY, VALUES))
                .hasMessageStartingWith("Table '" + tooLong + "' is 65 characters long");
        assertThatThrownBy(() -> d.delete(new TableId(tooLong, "t"), KEY))
                .hasMessageStartingWith("Database '" + tooLong + "'");
        assertThatThrownBy(() -> DatabaseDialects.resolve("", "jdbc:mysql://db/x", ServerInfo.of("MySQL",
                "11.4.5-MariaDB")).quote(tooLong)).hasMessageContaining("at most 64 characters");
    }

    @Test
    void postgresIdentifiersPastSixtyThreeBytesAreAnErrorNotCutSilently() {
        DatabaseDialect d = new PostgresDialect();
        assertThat(d.quote("表".repeat(21))).hasSize(23); // 63 bytes
        assertThat(d.quote("e".repeat(63))).hasSize(65);
        String tooLong = "表".repeat(22);
        assertThatThrownBy(() -> d.quote(tooLong)).isInstanceOf(ConnectException.class)
                .hasMessage("Identifier '" + tooLong + "' is 66 bytes long in UTF-8; PostgreSQL allows at most 63 "
                        + "bytes and would cut it silently");
        assertThatThrownBy(() -> d.createTable(TableId.parse("public.t"), List.of(new ColumnSpec("e".repeat(64),
                Schema.INT32_SCHEMA, true)), DatabaseDialect.TypeOptions.DEFAULT))
                .hasMessageContaining("'" + "e".repeat(64) + "' is 64 bytes");
        assertThatThrownBy(() -> d.dropTableIfExists(new TableId(tooLong, "t")))
                .hasMessageStartingWith("Schema '" + tooLong + "' is 66 bytes");
    }

    @Test
    void createTableWithDbaTypes() {
        Schema decimal = Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build();
        List<ColumnSpec> cols = List.of(
                new ColumnSpec("id", Schema.STRING_SCHEMA, true),
                new ColumnSpec("name", Schema.OPTIONAL_STRING_SCHEMA, false),
                new ColumnSpec("salary", Schema.INT64_SCHEMA, false),
                new ColumnSpec("amount", decimal, false),
                new ColumnSpec("born", Date.builder().optional().build(), false),
                new ColumnSpec("seen", Timestamp.builder().optional().build(), false),
                new ColumnSpec("ok", Schema.OPTIONAL_BOOLEAN_SCHEMA, false),
                new ColumnSpec("blob", Schema.OPTIONAL_BYTES_SCHEMA, false));
        DatabaseDialect.TypeOptions opts = new DatabaseDialect.TypeOptions(191, 38);
        assertThat(mysql("8.0.36").createTable(T, cols, opts)).isEqualTo(
                "CREATE TABLE IF NOT EXISTS `test03`.`employee01_2021_06_17` (\n"
                        + "  `id` VARCHAR(191) NOT NULL,\n"
                        + "  `name` LONGTEXT NULL,\n"
                        + "  `salary` BIGINT NOT NULL,\n"
                        + "  `amount` DECIMAL(12,2) NULL,\n"
                        + "  `born` DATE NULL,\n"
                        + "  `seen` DATETIME(3) NULL,\n"
                        + "  `ok` BOOLEAN NULL,\n"
                        + "  `blob` LONGBLOB NULL,\n"
                        + "  PRIMARY KEY (`id`)\n)");
        assertThat(new PostgresDialect().createTable(TableId.parse("emp"), cols, opts)).isEqualTo(
                "CREATE TABLE IF NOT EXISTS \"emp\" (\n"
                        + "  \"id\" VARCHAR(191) NOT NULL,\n"
                        + "  \"name\" TEXT NULL,\n"
                        + "  \"salary\" BIGINT NOT NULL,\n"
                        + "  \"amount\" DECIMAL(12,2) NULL,\n"
                        + "  \"born\" DATE NULL,\n"
                        + "  \"seen\" TIMESTAMP(3) NULL,\n"
                        + "  \"ok\" BOOLEAN NULL,\n"
                        + "  \"blob\" BYTEA NULL,\n"
                        + "  PRIMARY KEY (\"id\")\n)");
    }

    @Test
    void keyColumnsAreNotNullEvenWhenTheSchemaIsOptionalAndNeverText() {
        ColumnSpec key = new ColumnSpec("code", SchemaBuilder.string().optional().build(), true);
        String ddl = mysql("8.0.36").createTable(TableId.parse("t"), List.of(key),
                DatabaseDialect.TypeOptions.DEFAULT);
        assertThat(ddl).contains("`code` VARCHAR(255) NOT NULL").doesNotContain("TEXT");
    }

    @Test
    void decimalWithoutPrecisionUsesTheDefaultAndNeverLessThanTheScale() {
        DatabaseDialect d = mysql("8.0.36");
        assertThat(d.sqlType(new ColumnSpec("a", Decimal.schema(4), false), new DatabaseDialect.TypeOptions(255, 20)))
                .isEqualTo("DECIMAL(20,4)");
        assertThat(d.sqlType(new ColumnSpec("a", Decimal.schema(30), false), new DatabaseDialect.TypeOptions(255, 10)))
                .isEqualTo("DECIMAL(30,30)");
    }

    @Test
    void autoEvolveAddsNullableColumns() {
        assertThat(mysql("8.0.36").addColumns(T, List.of(new ColumnSpec("age", Schema.INT32_SCHEMA, false)),
                DatabaseDialect.TypeOptions.DEFAULT)).containsExactly(
                "ALTER TABLE `test03`.`employee01_2021_06_17` ADD COLUMN `age` INT NULL");
    }

    @Test
    void swapIsOneRenameOnMySqlAndRenamesOnPostgres() {
        TableId target = TableId.parse("db.t");
        assertThat(mysql("8.0.36").swapTables(target, target.withName("t__stg_1"), target.withName("t__old_1"), true))
                .containsExactly("DROP TABLE IF EXISTS `db`.`t__old_1`",
                        "RENAME TABLE `db`.`t` TO `db`.`t__old_1`, `db`.`t__stg_1` TO `db`.`t`",
                        "DROP TABLE IF EXISTS `db`.`t__old_1`");
        assertThat(new PostgresDialect().swapTables(target, target.withName("t__stg_1"), target.withName("t__old_1"),
                true)).containsExactly("ALTER TABLE \"db\".\"t\" RENAME TO \"t__old_1\"",
                "ALTER TABLE \"db\".\"t__stg_1\" RENAME TO \"t\"", "DROP TABLE \"db\".\"t__old_1\"");
    }

    @Test
    void urlsGetBatchRewritingUnlessTheyDecide() {
        DialectProvider mysql = new MySqlDialectProvider();
        DialectProvider postgres = new PostgresDialectProvider();
        assertThat(mysql.prepareUrl("jdbc:mysql://db:3306/test03?autoReconnect=true", false)).isEqualTo(
                "jdbc:mysql://db:3306/test03?autoReconnect=true&rewriteBatchedStatements=true"
                        + "&useLocalSessionState=true");
        assertThat(mysql.prepareUrl("jdbc:mysql://db/x", false)).isEqualTo(
                "jdbc:mysql://db/x?rewriteBatchedStatements=true&useLocalSessionState=true");
        assertThat(mysql.prepareUrl("jdbc:mysql://db/x?rewriteBatchedStatements=false&useLocalSessionState=false",
                false)).isEqualTo("jdbc:mysql://db/x?rewriteBatchedStatements=false&useLocalSessionState=false");
        assertThat(postgres.prepareUrl("jdbc:postgresql://db/x", false)).isEqualTo(
                "jdbc:postgresql://db/x?reWriteBatchedInserts=true&logServerErrorDetail=false");
        assertThat(postgres.prepareUrl("jdbc:postgresql://db/x", true)).isEqualTo(
                "jdbc:postgresql://db/x?reWriteBatchedInserts=true");
        assertThat(new MariaDbDialectProvider().prepareUrl("jdbc:mariadb://db/x", false))
                .isEqualTo("jdbc:mariadb://db/x?allowLocalInfile=false");
    }

    @Test
    void validationConnectsOnceWithinTheTimeout() {
        DialectProvider mysql = new MySqlDialectProvider();
        assertThat(mysql.validationUrl("jdbc:mysql://db/x?autoReconnect=true")).isEqualTo(
                "jdbc:mysql://db/x?autoReconnect=false&rewriteBatchedStatements=true&useLocalSessionState=true");
        assertThat(new MariaDbDialectProvider().validationUrl("jdbc:mariadb://db/x?autoReconnect=TRUE")).isEqualTo(
                "jdbc:mariadb://db/x?autoReconnect=false&allowLocalInfile=false");
        assertThat(new PostgresDialectProvider().validationUrl("jdbc:postgresql://db/x")).isEqualTo(
                "jdbc:postgresql://db/x?reWriteBatchedInserts=true&logServerErrorDetail=false");
        assertThat(mysql.connectTimeouts(Duration.ofMillis(2500))).containsExactly(entry("connectTimeout", "2500"));
        assertThat(new PostgresDialectProvider().connectTimeouts(Duration.ofMillis(2500))).containsOnly(
                entry("connectTimeout", "2"), entry("loginTimeout", "2"));
        assertThat(new PostgresDialectProvider().connectTimeouts(Duration.ofMillis(250))).containsOnly(
                entry("connectTimeout", "1"), entry("loginTimeout", "1"));
    }

    @Test
    void eachUrlGetsItsDriver() {
        InstalledDialects installed = InstalledDialects.get();
        assertThat(installed.driverFor("jdbc:mysql://db/x").driverClass()).isEqualTo("com.mysql.cj.jdbc.Driver");
        assertThat(installed.driverFor("jdbc:mariadb://db/x").driverClass()).isEqualTo("org.mariadb.jdbc.Driver");
        assertThat(installed.driverFor("jdbc:postgresql://db/x").driverClass()).isEqualTo("org.postgresql.Driver");
        assertThatThrownBy(() -> installed.driverFor("jdbc:oracle:thin:@db")).hasMessage("no driver for this URL");
    }

    @Test
    void transientErrorsAreRecognised() {
        assertThat(SqlErrors.isTransient(new java.sql.SQLException("Deadlock", "40001", 1213))).isTrue();
        assertThat(SqlErrors.isTransient(new java.sql.SQLException("Lock wait timeout", "HY000", 1205))).isTrue();
        assertThat(SqlErrors.isTransient(new java.sql.SQLException("gone", "08S01", 0))).isTrue();
        assertThat(SqlErrors.isTransient(new java.sql.SQLException("Data too long for column 'name'", "22001", 1406)))
                .isFalse();
        assertThat(SqlErrors.isTransient(new java.sql.SQLException("Duplicate entry", "23000", 1062))).isFalse();
    }
}
