package org.pkuse.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation as PUT .../config/validate answers it: each bad value reported on its key. */
class JdbcSinkConnectorValidateTest {

    static Map<String, String> seed() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", JdbcSinkConnector.class.getName());
        c.put("name", "jdbcsink_connector_001");
        c.put("tasks.max", "1");
        c.put("topics", "default_test_employee01_2021_06_17");
        // Port 1 on loopback: nothing listens, the connection attempt fails fast.
        c.put("connection.url", "jdbc:mysql://127.0.0.1:1/test03?autoReconnect=true&useUnicode=true"
                + "&characterEncoding=utf-8&useSSL=false");
        c.put("connection.user", "root");
        c.put("connection.password", "s3cret-pw");
        c.put("table.name.format", "test03.employee01_2021_06_17");
        c.put("auto.create", "true");
        c.put("pk.fields", "id");
        c.put("pk.mode", "record_value");
        c.put("insert.mode", "upsert");
        c.put("write.mode", "1");
        c.put("batch.size", "3000");
        c.put("org.pkuse.kafka.broker", "broker1:9092");
        c.put("pkuse.task.id", "100003");
        c.put("connection.timeout.ms", "2000");
        return c;
    }

    static Map<String, List<String>> errors(Map<String, String> config) {
        return ValidateAnswers.errors(new JdbcSinkConnector(), config);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "connection.url|jdbc:oracle:thin:@db:1521/x|connection.url",
        "connection.url|''|connection.url",
        "insert.mode|merge|insert.mode",
        "pk.mode|primary|pk.mode",
        "batch.size|0|batch.size",
        "batch.size|abc|batch.size",
        "write.mode|3|write.mode",
        "db.timezone|Mars/Olympus|db.timezone",
        "auto.create|maybe|auto.create",
        "max.retries|-1|max.retries",
        "dialect.name|oracle|dialect.name",
        "table.name.format|a.b.c|table.name.format",
        "connection.pool.max.size|0|connection.pool.max.size",
    })
    void badValueIsReportedOnItsKey(String key, String value, String expectedKey) {
        Map<String, String> c = seed();
        c.put(key, value);
        assertThat(errors(c)).containsKey(expectedKey);
    }

    @Test
    void upsertWithoutPrimaryKeyNamesBothKeys() {
        Map<String, String> c = seed();
        c.put("pk.mode", "none");
        c.remove("pk.fields");
        Map<String, List<String>> e = errors(c);
        assertThat(e).containsKeys("insert.mode", "pk.mode");
        assertThat(e.get("insert.mode").get(0)).contains("needs a primary key");
    }

    @Test
    void deleteNeedsRecordKey() {
        Map<String, String> c = seed();
        c.put("delete.enabled", "true");
        assertThat(errors(c)).containsKeys("delete.enabled", "pk.mode");
    }

    @Test
    void kafkaKeyTakesThreeFields() {
        Map<String, String> c = seed();
        c.put("pk.mode", "kafka");
        c.put("pk.fields", "a,b");
        assertThat(errors(c)).containsKey("pk.fields");
    }

    @Test
    void overwriteWithUpdateIsRejected() {
        Map<String, String> c = seed();
        c.put("write.mode", "2");
        c.put("insert.mode", "update");
        assertThat(errors(c)).containsKeys("write.mode", "insert.mode");
    }

    @Test
    void unreachableDatabaseIsReportedOnTheUrlWithoutThePassword() {
        Map<String, List<String>> e = errors(seed());
        assertThat(e).containsOnlyKeys("connection.url");
        assertThat(e.get("connection.url").get(0)).startsWith("Cannot connect to jdbc:mysql://127.0.0.1:1/test03");
        assertThat(e.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void passwordIsHiddenInTheValidationAnswer() {
        Config result = new JdbcSinkConnector().validate(seed());
        ConfigValue password = result.configValues().stream().filter(v -> v.name().equals("connection.password"))
                .findFirst().orElseThrow();
        assertThat(String.valueOf(password.value())).doesNotContain("s3cret-pw");
    }

    @Test
    void dialectNamesAreRecommendedFromTheProviders() {
        Config result = new JdbcSinkConnector().validate(seed());
        ConfigValue dialect = result.configValues().stream().filter(v -> v.name().equals("dialect.name"))
                .findFirst().orElseThrow();
        assertThat(dialect.recommendedValues()).containsExactly("mysql", "mariadb", "postgresql");
    }

    @Test
    void tasksGetTheConfigAndTheirIndex() {
        JdbcSinkConnector connector = new JdbcSinkConnector();
        connector.start(seed());
        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(1)).containsEntry("pkuse.task.index", "1").containsEntry("pkuse.task.id", "100003");
    }
}
