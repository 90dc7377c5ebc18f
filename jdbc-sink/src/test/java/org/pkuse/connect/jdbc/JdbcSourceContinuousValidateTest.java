package org.pkuse.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Continuous mode's validation (a config without pkuse.task.id, in Confluent's keys) and how its tables are shared
 * among tasks. The database checks run against MariaDB in JdbcSourceContinuousIT.
 */
class JdbcSourceContinuousValidateTest {

    /** The continuous config; port 1 on loopback: the connection attempt fails fast. */
    static Map<String, String> confluentStyle() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", JdbcSourceConnector.class.getName());
        c.put("name", "mysql-source");
        c.put("connection.url", "jdbc:mysql://127.0.0.1:1/myprj_online?user=root&password=mypassword");
        c.put("table.whitelist", "main_orderinfo");
        c.put("mode", "incrementing");
        c.put("incrementing.column.name", "right_id");
        c.put("topic.prefix", "mysql-");
        c.put("connection.timeout.ms", "1000");
        return c;
    }

    @Test
    void theConfluentConfigHasNoErrorButTheUnreachableDatabase() {
        Map<String, List<String>> errors = JdbcSourceConnectorValidateTest.errors(confluentStyle());
        assertThat(errors).containsOnlyKeys("connection.url");
        assertThat(errors.toString()).doesNotContain("mypassword");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "mode|''|mode|needs mode (bulk, incrementing or timestamp)",
        "mode|rolling|mode|",
        "mode|timestamp+incrementing|timestamp.column.name|needs exactly one column",
        "incrementing.column.name|''|incrementing.column.name|the strictly increasing column",
        "table.whitelist|''|table.whitelist|the tables to copy",
        "query|SELECT * FROM t|query|not both",
        "pkuse.jdbc.table.name|main_orderinfo|pkuse.jdbc.table.name|a job-mode key",
        "poll.interval.ms|0|poll.interval.ms|",
        "batch.max.rows|0|batch.max.rows|",
        "table.whitelist|a.b.c|table.whitelist|database.table",
    })
    void badValueIsReportedOnItsKey(String key, String value, String expectedKey, String message) {
        Map<String, String> c = confluentStyle();
        c.put(key, value);
        Map<String, List<String>> errors = JdbcSourceConnectorValidateTest.errors(c);
        assertThat(errors).containsKey(expectedKey);
        if (message != null) {
            assertThat(errors.get(expectedKey).toString()).contains(message);
        }
    }

    @Test
    void aQueryNeedsATopicPrefixAndNoTables() {
        Map<String, String> c = confluentStyle();
        c.remove("table.whitelist");
        c.put("query", "SELECT right_id, note FROM main_orderinfo WHERE paid");
        c.put("topic.prefix", "");
        assertThat(JdbcSourceConnectorValidateTest.errors(c).get("topic.prefix").toString())
                .contains("is the whole topic name");
        c.put("topic.prefix", "paid-orders");
        assertThat(JdbcSourceConnectorValidateTest.errors(c)).containsOnlyKeys("connection.url");
    }

    @Test
    void timestampModeNeedsExactlyOneColumn() {
        Map<String, String> c = confluentStyle();
        c.put("mode", "timestamp");
        assertThat(JdbcSourceConnectorValidateTest.errors(c)).containsKey("timestamp.column.name");
        c.put("timestamp.column.name", "updated,created");
        assertThat(JdbcSourceConnectorValidateTest.errors(c).get("timestamp.column.name").toString())
                .contains("exactly one column");
    }

    @Test
    void tablesAreDealtAmongTheTasks() {
        Map<String, String> c = confluentStyle();
        c.put("table.whitelist", "a,b,c");
        c.put("table.include.list", "d,e,a");
        JdbcSourceConnector connector = new JdbcSourceConnector();
        connector.start(c);
        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(tasks).extracting(t -> t.get("table.whitelist")).containsExactly("a,c,e", "b,d");
        assertThat(tasks).allSatisfy(t -> assertThat(t).doesNotContainKey("table.include.list"));
        assertThat(connector.taskConfigs(10)).hasSize(5);
    }

    @Test
    void exactlyOnceIsDeclaredWhereOffsetsResumeExactly() {
        JdbcSourceConnector connector = new JdbcSourceConnector();
        assertThat(connector.exactlyOnceSupport(confluentStyle()))
                .isEqualTo(org.apache.kafka.connect.source.ExactlyOnceSupport.SUPPORTED);
        Map<String, String> bulk = confluentStyle();
        bulk.put("mode", "bulk");
        assertThat(connector.exactlyOnceSupport(bulk))
                .isEqualTo(org.apache.kafka.connect.source.ExactlyOnceSupport.UNSUPPORTED);
        assertThat(connector.exactlyOnceSupport(JdbcSourceConnectorValidateTest.seed()))
                .isEqualTo(org.apache.kafka.connect.source.ExactlyOnceSupport.SUPPORTED);
    }

    @Test
    void aJobConfigStillRunsAsOneJobTask() {
        JdbcSourceConnector connector = new JdbcSourceConnector();
        connector.start(JdbcSourceConnectorValidateTest.seed());
        assertThat(connector.taskConfigs(4)).hasSize(1);
    }
}
