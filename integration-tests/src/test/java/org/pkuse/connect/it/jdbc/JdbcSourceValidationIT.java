package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;

import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pkuse.connect.testkit.ConnectRest;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.TestKit;

/**
 * PUT /connector-plugins/JdbcSourceConnector/config/validate on the real worker, against a real MariaDB: bad
 * configs (keys, and what only the database can tell: a missing table, column or key, a wrong login) rejected on
 * the key concerned, and no password in the answer.
 */
class JdbcSourceValidationIT {

    private static final String CLASS = "org.pkuse.connect.jdbc.JdbcSourceConnector";
    private static final String SECRET = "Sup3r-Secret-Pw";

    @BeforeAll
    static void database() throws Exception {
        MariaDbServer db = TestKit.mariaDb();
        db.recreateDatabase("validate_src");
        try (Connection c = db.connect("validate_src"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (right_id BIGINT PRIMARY KEY, note VARCHAR(20))");
            s.execute("CREATE TABLE nokey (a INT, b INT)");
        }
    }

    static Map<String, String> good() {
        MariaDbServer db = TestKit.mariaDb();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("name", "validate-source");
        c.put("connection.url", db.mysqlUrl("validate_src"));
        c.put("connection.user", db.user());
        c.put("connection.password", db.password());
        c.put("pkuse.jdbc.table.name", "validate_src.orders");
        c.put("pkuse.datasyntype", "2");
        c.put("pkuse.incrementreadfields", "right_id");
        c.put("org.pkuse.kafka.broker", connect().bootstrapServers());
        c.put("pkuse.task.id", "100007");
        return c;
    }

    static Stream<Arguments> badConfigs() {
        MariaDbServer db = TestKit.mariaDb();
        return Stream.of(
                Arguments.of("pkuse.jdbc.table.name", "validate_src.nothing", "pkuse.jdbc.table.name"),
                Arguments.of("pkuse.jdbc.table.name", "nothing", "pkuse.jdbc.table.name"),
                Arguments.of("pkuse.incrementreadfields", "no_such_column", "pkuse.incrementreadfields"),
                Arguments.of("pkuse.jdbc.table.name", "validate_src.nokey", "pkuse.jdbc.key.columns"),
                Arguments.of("pkuse.jdbc.key.columns", "no_such_column", "pkuse.jdbc.key.columns"),
                Arguments.of("connection.password", SECRET, "connection.user"),
                Arguments.of("connection.user", "nobody", "connection.user"),
                Arguments.of("connection.url", db.mysqlUrl("no_such_database"), "connection.url"),
                Arguments.of("connection.url", "jdbc:mysql://127.0.0.1:1/validate_src", "connection.url"),
                Arguments.of("connection.url", "jdbc:sqlserver://db:1433", "connection.url"),
                Arguments.of("connection.url", db.mysqlUrl("validate_src") + "&allowLoadLocalInfile=true",
                        "connection.url"),
                Arguments.of("pkuse.datasyntype", "incremental-ish", "pkuse.datasyntype"),
                Arguments.of("pkuse.kafka.batch.size", "0", "pkuse.kafka.batch.size"),
                Arguments.of("pkuse.schedule.cron", "every minute", "pkuse.schedule.cron"),
                Arguments.of("pkuse.jdbc.filed.mapping", "[{\"sourceFiled\":\"note\"}]", "pkuse.jdbc.filed.mapping"),
                Arguments.of("pkuse.jdbc.filed.mapping", "[{\"sourceFiled\":\"nope\",\"targetFiled\":\"n\","
                        + "\"fieldType\":\"string\"}]", "pkuse.jdbc.filed.mapping"),
                Arguments.of("pkuse.status.producer.interceptor.classes", "a.B",
                        "pkuse.status.producer.interceptor.classes"));
    }

    @ParameterizedTest(name = "{0}={1} is reported on {2}")
    @MethodSource("badConfigs")
    void badValueIsRejectedOnItsKey(String key, String value, String errorKey) {
        Map<String, String> c = good();
        c.put(key, value);
        ConnectRest.Validation v = connect().rest().validate(CLASS, c);
        assertThat(v.errors()).containsKey(errorKey);
        assertThat(v.body().toString()).doesNotContain(SECRET);
    }

    @Test
    void incrementalWithoutAColumnNamesBothKeys() {
        Map<String, String> c = good();
        c.remove("pkuse.incrementreadfields");
        Map<String, List<String>> e = connect().rest().validate(CLASS, c).errors();
        assertThat(e).containsKeys("pkuse.datasyntype", "pkuse.incrementreadfields");
    }

    @Test
    void aQueryTheDatabaseRefusesIsNamedAndAGoodOneValidates() {
        Map<String, String> c = good();
        c.remove("pkuse.jdbc.table.name");
        c.put("query", "SELECT right_id, no_such_column FROM validate_src.orders");
        c.put("pkuse.jdbc.key.columns", "right_id");
        c.put("pkuse.kafka.topic.prefix", "orders_query");
        assertThat(connect().rest().validate(CLASS, c).errors().get("query").toString())
                .contains("The query cannot be read");
        c.put("query", "SELECT right_id FROM validate_src.orders WHERE right_id > 10");
        assertThat(connect().rest().validate(CLASS, c).errors()).isEmpty();
    }

    /** MySQL/MariaDB share a snapshot between readers only for a table they can lock, not for a query. */
    @Test
    void parallelRangesValidateForATableButNotForAQueryOnMariaDb() {
        Map<String, String> c = good();
        c.put("pkuse.jdbc.read.ranges", "4");
        assertThat(connect().rest().validate(CLASS, c).errors()).isEmpty();
        c.remove("pkuse.jdbc.table.name");
        c.put("query", "SELECT right_id FROM validate_src.orders");
        c.put("pkuse.jdbc.key.columns", "right_id");
        c.put("pkuse.kafka.topic.prefix", "orders_query");
        assertThat(connect().rest().validate(CLASS, c).errors().get("pkuse.jdbc.read.ranges").toString())
                .contains("only for a table");
    }

    @Test
    void theUrlIsEchoedWithoutItsPassword() {
        Map<String, String> c = good();
        c.put("connection.url", c.get("connection.url") + "&password=" + SECRET);
        ConnectRest.Validation v = connect().rest().validate(CLASS, c);
        assertThat(v.body().toString()).doesNotContain(SECRET).contains("password=****");
    }

    @Test
    void theSeedConfigValidatesWithoutErrors() {
        ConnectRest.Validation v = connect().rest().validate(CLASS, good());
        assertThat(v.errors()).isEmpty();
        assertThat(v.errorCount()).isZero();
    }
}
