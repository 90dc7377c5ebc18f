package org.pkuse.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JDBC source's validation as PUT .../config/validate answers it: each bad value reported on its key, cross-key
 * rules on every key involved, the topic named as the seed config expects. (The database checks (table,
 * key, increment column, login) run against real databases in the integration tests.)
 */
class JdbcSourceConnectorValidateTest {

    /** The seed config; port 1 on loopback: nothing listens, the connection attempt fails fast. */
    static Map<String, String> seed() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", JdbcSourceConnector.class.getName());
        c.put("name", "jdbcsource_connector_001");
        c.put("pkuse.connector.name", "jdbcsource_connector_001");
        c.put("connection.url", "jdbc:mysql://127.0.0.1:1/myprj_online?useUnicode=true&characterEncoding=utf-8"
                + "&useSSL=false");
        c.put("connection.user", "root");
        c.put("connection.password", "s3cret-pw");
        c.put("pkuse.jdbc.table.name", "myprj_online.main_orderinfo");
        c.put("pkuse.kafka.topic.prefix", "");
        c.put("pkuse.kafka.batch.size", "200");
        c.put("pkuse.datasyntype", "2");
        c.put("pkuse.incrementreadfields", "right_id");
        c.put("pkuse.lastincrementvalue", "");
        c.put("org.pkuse.kafka.broker", "broker1:9092");
        c.put("pkuse.task.id", "100007");
        c.put("connection.timeout.ms", "1000");
        return c;
    }

    static Map<String, List<String>> errors(Map<String, String> config) {
        return ValidateAnswers.errors(new JdbcSourceConnector(), config);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "connection.url|jdbc:oracle:thin:@db:1521/x|connection.url",
        "connection.url|''|connection.url",
        "pkuse.jdbc.table.name|''|pkuse.jdbc.table.name",
        "pkuse.jdbc.table.name|a.b.c|pkuse.jdbc.table.name",
        "pkuse.datasyntype|3|pkuse.datasyntype",
        "pkuse.kafka.batch.size|0|pkuse.kafka.batch.size",
        "pkuse.jdbc.fetch.size|abc|pkuse.jdbc.fetch.size",
        "db.timezone|Mars/Olympus|db.timezone",
        "pkuse.schedule.cron|61 * * * *|pkuse.schedule.cron",
        "pkuse.task.id|''|pkuse.task.id",
        "dialect.name|oracle|dialect.name",
        "pkuse.jdbc.filed.mapping|[{\"sourceFiled\":\"a\"}]|pkuse.jdbc.filed.mapping",
        "connection.pool.max.size|0|connection.pool.max.size",
    })
    void badValueIsReportedOnItsKey(String key, String value, String expectedKey) {
        Map<String, String> c = seed();
        c.put(key, value);
        assertThat(errors(c)).containsKey(expectedKey);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\",\"fieldType\":\"money\"}]|[0].fieldType unknown fieldType 'money'",
        "[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\",\"fieldType\":\"int\",\"limitcondition\":\"> x\"}]|[0].limitcondition",
        "[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\",\"fieldType\":\"int\",\"maprule\":\"upper\"}]|[0].maprule",
        "not json|is not valid JSON",
    })
    void aBadMappingIsNamedWithItsEntryAndProperty(String mapping, String message) {
        Map<String, String> c = seed();
        c.put("pkuse.jdbc.filed.mapping", mapping);
        assertThat(errors(c).get("pkuse.jdbc.filed.mapping").toString()).contains(message);
    }

    @Test
    void aQueryJobNeedsKeyColumnsATopicAndNoTable() {
        Map<String, String> c = seed();
        c.put("query", "SELECT right_id, note FROM main_orderinfo WHERE paid");
        assertThat(errors(c).get("query").toString()).contains("not both");
        c.remove("pkuse.jdbc.table.name");
        assertThat(errors(c).get("pkuse.jdbc.key.columns").toString()).contains("A query has no primary key");
        c.put("pkuse.jdbc.key.columns", "right_id");
        assertThat(errors(c).get("pkuse.kafka.topic.prefix").toString()).contains("whole topic name");
        c.put("pkuse.kafka.topic.prefix", "paid_orders");
        assertThat(errors(c)).containsOnlyKeys("connection.url");
    }

    @Test
    void thePlatformsMappingIsAccepted() {
        Map<String, String> c = seed();
        c.put("pkuse.jdbc.filed.mapping", "[{\"sourceFiled\":\"right_id\",\"targetFiled\":\"id\",\"fieldType\":"
                + "\"bigint\",\"mark\":\"0\",\"ispk\":\"1\",\"limitcondition\":\"\",\"maprule\":\" \","
                + "\"columnId\":\"adb362c70ab54260a5ca8e3cd562a62c\",\"description\":\"primary key\"},"
                + "{\"sourceFiled\":\"note\",\"targetFiled\":\"note\",\"fieldType\":\"string\",\"ispk\":\"0\","
                + "\"limitcondition\":\"LIKE '订单%'\",\"maprule\":\"trim|default('none')\"}]");
        assertThat(errors(c)).doesNotContainKey("pkuse.jdbc.filed.mapping");
    }

    @Test
    void incrementalWithoutAnIncrementColumnNamesBothKeys() {
        Map<String, String> c = seed();
        c.put("pkuse.incrementreadfields", "");
        Map<String, List<String>> e = errors(c);
        assertThat(e).containsKeys("pkuse.datasyntype", "pkuse.incrementreadfields");
        assertThat(e.get("pkuse.incrementreadfields").get(0)).contains("needs pkuse.incrementreadfields");
    }

    @Test
    void mostRunsWithoutAScheduleIsRefused() {
        Map<String, String> c = seed();
        c.put("pkuse.schedule.max.runs", "3");
        assertThat(errors(c).get("pkuse.schedule.max.runs").get(0)).contains("needs a schedule");
    }

    @Test
    void anUnreachableDatabaseIsReportedOnTheUrlWithoutThePassword() {
        Map<String, List<String>> e = errors(seed());
        assertThat(e).containsOnlyKeys("connection.url");
        assertThat(e.get("connection.url").get(0)).contains("Cannot connect to").doesNotContain("s3cret-pw");
    }

    @Test
    void theTopicIsTheDatabaseAndTableAfterThePrefix() {
        assertThat(new JdbcSourceConfig(seed()).topic()).isEqualTo("myprj_online_main_orderinfo");
        Map<String, String> c = seed();
        c.put("pkuse.jdbc.table.name", "main_orderinfo");
        c.put("pkuse.kafka.topic.prefix", "mysql-");
        assertThat(new JdbcSourceConfig(c).topic()).isEqualTo("mysql-myprj_online_main_orderinfo");
        c.put("connection.url", "jdbc:postgresql://db:5432/online?currentSchema=sales");
        assertThat(new JdbcSourceConfig(c).topic()).isEqualTo("mysql-sales_main_orderinfo");
        c.put("connection.url", "jdbc:postgresql://db:5432/online");
        assertThat(new JdbcSourceConfig(c).topic()).isEqualTo("mysql-public_main_orderinfo");
    }
}
