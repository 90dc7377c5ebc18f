package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.ExampleConfigs;

/** Static config checks: each message on the key concerned (no HBase is contacted when a static check fails). */
class HBaseSourceConnectorTest {

    static final String MAPPING = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\",\"ispk\":\"1\","
            + "\"maprule\":\" \"},{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"string\"},"
            + "{\"sourceFiled\":\"salary\",\"targetFiled\":\"salary\",\"fieldType\":\"bigint\"}]";

    /** The seed contract's config as the field sends it (config-examples), with a three-field mapping. */
    static Map<String, String> seed() {
        Map<String, String> c = ExampleConfigs.seedSource("zk1,zk2,zk3", 2181, "broker1:9092");
        c.remove("connector.class");
        c.put("pkuse.hbase.filed.mapping", MAPPING);
        return c;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Config config = new HBaseSourceConnector().validate(props);
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static Map<String, List<String>> crossErrors(Map<String, String> props) {
        Map<String, ConfigValue> values = new HashMap<>();
        HBaseSourceConfig.CONFIG_DEF.validate(props).forEach(v -> values.put(v.name(), v));
        assertThat(values.values()).allMatch(v -> v.errorMessages().isEmpty());
        HBaseSourceConnector.crossCheck(new HBaseSourceConfig(props), values);
        return values.values().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void seedConfigParses() {
        HBaseSourceConfig config = new HBaseSourceConfig(seed());
        assertThat(config.topic()).isEqualTo("default_test_employee01_2021_06_17");
        assertThat(config.qualifiedTable()).isEqualTo("default:test_employee01_2021_06_17");
        assertThat(config.incremental()).isFalse();
        assertThat(config.bigFields()).isEmpty();
        assertThat(config.mappings().fields()).hasSize(3);
        assertThat(crossErrors(seed())).isEmpty();
    }

    @Test
    void staticErrorsNameTheKey() {
        Map<String, String> c = seed();
        c.remove("pkuse.hbase.ip");
        c.put("pkuse.hbase.port", "x");
        c.put("pkuse.datasyntype", "9");
        c.put("pkuse.hbase.filed.mapping", "[{\"sourceFiled\":\"a\",\"targetFiled\":\"a\",\"fieldType\":\"nope\"}]");
        c.put("pkuse.hasbigfield", "{");
        c.put("pkuse.kafka.batch.size", "0");
        c.put("pkuse.hbase.timezone", "Mars/Base");
        c.put("pkuse.schedule.cron", "* *");
        Map<String, List<String>> errors = errors(c);
        assertThat(errors).containsOnlyKeys("pkuse.hbase.ip", "pkuse.hbase.port", "pkuse.datasyntype",
                "pkuse.hbase.filed.mapping", "pkuse.hasbigfield", "pkuse.kafka.batch.size", "pkuse.hbase.timezone",
                "pkuse.schedule.cron");
        assertThat(errors.get("pkuse.hbase.filed.mapping").get(0)).contains("[0].fieldType").contains("nope");
    }

    @Test
    void crossKeyErrorsGoOnEveryKeyInvolved() {
        Map<String, String> c = seed();
        c.put("pkuse.hbase.filed.columnsKey", "rowid");
        assertThat(crossErrors(c)).containsOnlyKeys("pkuse.hbase.filed.columnsKey");

        c = seed();
        c.put("pkuse.datasyntype", "2");
        c.put("pkuse.incrementreadfields", "salary");
        c.put("pkuse.lastincrementvalue", "abc");
        assertThat(crossErrors(c)).containsOnlyKeys("pkuse.lastincrementvalue", "pkuse.incrementreadfields");

        c = seed();
        c.put("pkuse.datasyntype", "incremental");
        c.put("pkuse.lastincrementvalue", "2021-06-17 08:00:00");
        assertThat(crossErrors(c)).isEmpty();
        c.put("pkuse.lastincrementvalue", "1623916800000");
        assertThat(crossErrors(c)).isEmpty();
        c.put("pkuse.lastincrementvalue", "soon");
        assertThat(crossErrors(c)).containsOnlyKeys("pkuse.lastincrementvalue");

        c = seed();
        c.put("pkuse.hbase.rowkey.start", "b");
        c.put("pkuse.hbase.rowkey.stop", "a");
        assertThat(crossErrors(c)).containsOnlyKeys("pkuse.hbase.rowkey.start", "pkuse.hbase.rowkey.stop");

        c = seed();
        c.put("pkuse.schedule.max.runs", "3");
        assertThat(crossErrors(c)).containsOnlyKeys("pkuse.schedule.max.runs");

        c = seed();
        c.put("pkuse.hbase.filed.mapping", "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\"}]");
        assertThat(crossErrors(c)).containsOnlyKeys("pkuse.hbase.filed.mapping");
    }

    @Test
    void bigFieldForms() {
        assertThat(SourceValidators.bigFields("k", "[]bdsoft")).isEmpty();
        assertThat(SourceValidators.bigFields("k", "[\"photo\",\"resume\"]bdsoft")).containsExactly("photo",
                "resume");
        assertThat(SourceValidators.bigFields("k", "[\"photo\"]")).containsExactly("photo");
        assertThat(SourceValidators.bigFields("k", "photo, resume")).containsExactly("photo", "resume");
        assertThat(SourceValidators.bigFields("k", "")).isEmpty();
    }

    @Test
    void oneTaskWhateverTasksMax() {
        HBaseSourceConnector connector = new HBaseSourceConnector();
        connector.start(seed());
        assertThat(connector.taskConfigs(8)).hasSize(1);
        assertThat(connector.taskConfigs(8).get(0)).containsEntry("pkuse.task.id", "100003");
        assertThat(connector.version()).isNotBlank();
    }

    @Test
    void scheduledRunsHaveDerivedJobIds() {
        Map<String, String> c = seed();
        assertThat(org.pkuse.connect.common.source.SourceRun.runTaskId(new HBaseSourceConfig(c), 1)).isEqualTo("100003");
        c.put("pkuse.schedule.interval.ms", "60000");
        assertThat(org.pkuse.connect.common.source.SourceRun.runTaskId(new HBaseSourceConfig(c), 3))
                .isEqualTo("100003-3");
    }
}
