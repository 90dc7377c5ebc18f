package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;

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

/** PUT /connector-plugins/JdbcSinkConnector/config/validate on the real worker: bad configs rejected by key. */
class ValidationIT {

    private static final String SECRET = "Sup3r-Secret-Pw";

    @BeforeAll
    static void database() {
        TestKit.mariaDb().recreateDatabase("validate_db");
    }

    static Map<String, String> good() {
        MariaDbServer db = TestKit.mariaDb();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("name", "validate-sink");
        c.put("tasks.max", "1");
        c.put("topics", "validate-topic");
        c.put("connection.url", db.mysqlUrl("validate_db"));
        c.put("connection.user", db.user());
        c.put("connection.password", db.password());
        c.put("table.name.format", "validate_db.emp");
        c.put("auto.create", "true");
        c.put("pk.fields", "id");
        c.put("pk.mode", "record_value");
        c.put("insert.mode", "upsert");
        c.put("write.mode", "1");
        c.put("batch.size", "3000");
        c.put("pkuse.task.id", "100003");
        return c;
    }

    static Stream<Arguments> badConfigs() {
        MariaDbServer db = TestKit.mariaDb();
        return Stream.of(
                Arguments.of("connection.url", "jdbc:oracle:thin:@db:1521/x", "connection.url"),
                Arguments.of("connection.url", "jdbc:mysql://127.0.0.1:1/validate_db", "connection.url"),
                Arguments.of("connection.url", db.mysqlUrl("no_such_database"), "connection.url"),
                Arguments.of("connection.password", SECRET, "connection.user"),
                Arguments.of("connection.user", "nobody", "connection.user"),
                Arguments.of("insert.mode", "merge", "insert.mode"),
                Arguments.of("pk.mode", "primary", "pk.mode"),
                Arguments.of("batch.size", "0", "batch.size"),
                Arguments.of("batch.size", "many", "batch.size"),
                Arguments.of("write.mode", "3", "write.mode"),
                Arguments.of("db.timezone", "Mars/Olympus", "db.timezone"),
                Arguments.of("table.name.format", "a.b.c", "table.name.format"),
                Arguments.of("dialect.name", "oracle", "dialect.name"),
                Arguments.of("max.retries", "-2", "max.retries"),
                Arguments.of("connection.url", db.mysqlUrl("validate_db") + "&allowLoadLocalInfile=true",
                        "connection.url"),
                Arguments.of("connection.url", "jdbc:postgresql://127.0.0.1:1/x?socketFactory=a.B&password=" + SECRET,
                        "connection.url"),
                Arguments.of("pkuse.taskid", "100003", "pkuse.taskid"),
                Arguments.of("pkuse.status.producer.enable.idempotence", "false",
                        "pkuse.status.producer.enable.idempotence"),
                Arguments.of("pkuse.status.producer.interceptor.classes", "a.B",
                        "pkuse.status.producer.interceptor.classes"));
    }

    @ParameterizedTest(name = "{0}={1} is reported on {2}")
    @MethodSource("badConfigs")
    void badValueIsRejectedOnItsKey(String key, String value, String errorKey) {
        Map<String, String> c = good();
        c.put(key, value);
        ConnectRest.Validation v = connect().rest().validate(JdbcSinkTestSupport.CONNECTOR_CLASS, c);
        assertThat(v.errors()).containsKey(errorKey);
        assertThat(v.body().toString()).doesNotContain(SECRET);
    }

    @Test
    void aTypoInAPkuseKeyIsReportedWithTheKeyMeant() {
        Map<String, String> c = good();
        c.remove("pkuse.task.id");
        c.put("pkuse.tasks.id", "100003");
        Map<String, List<String>> e = connect().rest().validate(JdbcSinkTestSupport.CONNECTOR_CLASS, c).errors();
        assertThat(e.get("pkuse.tasks.id")).singleElement().asString()
                .contains("Unknown key 'pkuse.tasks.id'").contains("did you mean 'pkuse.task.id'?");
    }

    @Test
    void theUrlIsEchoedWithoutItsPassword() {
        Map<String, String> c = good();
        c.put("connection.url", c.get("connection.url") + "&password=" + SECRET);
        ConnectRest.Validation v = connect().rest().validate(JdbcSinkTestSupport.CONNECTOR_CLASS, c);
        assertThat(v.body().toString()).doesNotContain(SECRET).contains("password=****");
    }

    @Test
    void crossFieldRulesNameEveryKeyInvolved() {
        Map<String, String> c = good();
        c.put("pk.mode", "none");
        c.remove("pk.fields");
        Map<String, List<String>> e = connect().rest().validate(JdbcSinkTestSupport.CONNECTOR_CLASS, c).errors();
        assertThat(e).containsKeys("insert.mode", "pk.mode");

        c = good();
        c.put("delete.enabled", "true");
        assertThat(connect().rest().validate(JdbcSinkTestSupport.CONNECTOR_CLASS, c).errors())
                .containsKeys("delete.enabled", "pk.mode");
    }

    @Test
    void theSeedConfigValidatesWithoutErrors() {
        ConnectRest.Validation v = connect().rest().validate(JdbcSinkTestSupport.CONNECTOR_CLASS, good());
        assertThat(v.errors()).isEmpty();
        assertThat(v.errorCount()).isZero();
    }
}
