package org.pkuse.connect.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.jdbc.connection.ConnectionCheck;
import org.pkuse.connect.jdbc.dialect.mariadb.MariaDbDialectProvider;
import org.pkuse.connect.jdbc.dialect.mysql.MySqlDialectProvider;
import org.pkuse.connect.jdbc.dialect.postgresql.PostgresDialectProvider;

/** What each database's errors and URLs mean, told by its provider and dialect, not by the code that asks. */
class DialectErrorCodesTest {

    private static final DatabaseDialect MYSQL = new MySqlDialectProvider().create(ServerInfo.of("MySQL", "8.0.36"));
    private static final DatabaseDialect MARIADB = new MariaDbDialectProvider().create(null);
    private static final DatabaseDialect POSTGRES = new PostgresDialectProvider().create(null);

    @Test
    void theInstalledProvidersTogetherGiveTheTransientCodesSqlErrorsAlwaysKnew() {
        InstalledDialects installed = InstalledDialects.get();
        assertThat(installed.transientErrorCodes()).containsExactlyInAnyOrder(1205, 1213, 1053, 1040, 1927, 2002,
                2003, 2006, 2013, 1317, 1290, 3572, 4031);
        assertThat(installed.transientSqlStates()).containsExactlyInAnyOrder("40001", "40P01", "57P01", "57P02",
                "57P03", "53300", "55P03", "08000", "08003", "08006", "08001", "08004");
        assertThat(SqlErrors.isTransient(new SQLException("server closed", "HY000", 2006))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("lock not available", "55P03"))).isTrue();
    }

    @Test
    void aMissingTableIsTheStandardStateOrTheDatabasesOwnCode() {
        SQLException standard = new SQLException("no such table", "42S02");
        SQLException mysqlCode = new SQLException("Table 'x.t' doesn't exist", "HY000", 1146);
        SQLException postgresState = new SQLException("relation \"t\" does not exist", "42P01");
        assertThat(MYSQL.isMissingTable(standard)).isTrue();
        assertThat(MYSQL.isMissingTable(mysqlCode)).isTrue();
        assertThat(MARIADB.isMissingTable(mysqlCode)).isTrue();
        assertThat(POSTGRES.isMissingTable(standard)).isTrue();
        assertThat(POSTGRES.isMissingTable(postgresState)).isTrue();
        assertThat(POSTGRES.isMissingTable(new SQLException("denied", "42501"))).isFalse();
    }

    @Test
    void aRefusedLoginIsClass28OrTheDriversOwnCode() {
        SQLException denied = new SQLException("Access denied for user 'u'", "HY000", 1045);
        assertThat(ConnectionCheck.isAuthentication(new RuntimeException(denied),
                new MySqlDialectProvider().loginRefusedCodes())).isTrue();
        assertThat(ConnectionCheck.isAuthentication(denied, new MariaDbDialectProvider().loginRefusedCodes()))
                .isTrue();
        assertThat(ConnectionCheck.isAuthentication(new SQLException("password authentication failed", "28P01"),
                new PostgresDialectProvider().loginRefusedCodes())).isTrue();
        assertThat(ConnectionCheck.isAuthentication(new SQLException("refused", "08001", 0),
                new MySqlDialectProvider().loginRefusedCodes())).isFalse();
    }

    @Test
    void everyDialectListsOpenWriters() {
        assertThat(MYSQL.openWritersQuery()).hasValueSatisfying(q -> assertThat(q).contains("INNODB_TRX"));
        assertThat(MARIADB.openWritersQuery()).isEqualTo(MYSQL.openWritersQuery());
        assertThat(POSTGRES.openWritersQuery()).hasValueSatisfying(q -> assertThat(q).contains("pg_stat_activity"));
    }

    @Test
    void aTableWithoutQualifierIsInTheUrlsDatabaseOrPostgresSchema() {
        assertThat(new MySqlDialectProvider().defaultQualifier(URI.create("mysql://db:3306/shop?useSSL=false")))
                .isEqualTo("shop");
        assertThat(new MariaDbDialectProvider().defaultQualifier(URI.create("mariadb://db/"))).isEmpty();
        PostgresDialectProvider postgres = new PostgresDialectProvider();
        assertThat(postgres.defaultQualifier(URI.create("postgresql://db/shop?currentSchema=sales,public")))
                .isEqualTo("sales");
        assertThat(postgres.defaultQualifier(URI.create("postgresql://db/shop"))).isEqualTo("public");
    }

    @Test
    void mysqlsDriverNamesMariaDbOnlyInItsVersion() {
        assertThat(MySqlDialectProvider.isMariaDb(ServerInfo.of("MySQL", "11.4.5-MariaDB"))).isTrue();
        assertThat(MySqlDialectProvider.isMariaDb(ServerInfo.of("MariaDB", "10.11.6"))).isTrue();
        assertThat(MySqlDialectProvider.isMariaDb(ServerInfo.of("MySQL", "8.0.36"))).isFalse();
    }
}
