package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation of the HBase sink's config without a cluster: every bad value is refused naming its key. */
class HBaseSinkConnectorTest {

    /** The config a scheduler sends (issue 13's example). */
    static Map<String, String> seed() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "org.pkuse.connect.hbase.HBaseSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", "default_test_employee01_2021_06_17");
        c.put("pkuse.connector.name", "hbasesink_connector_001");
        c.put("pkuse.hbase.ip", "zk1,zk2,zk3");
        c.put("pkuse.hbase.port", "2181");
        c.put("pkuse.hbase.namespace", "default");
        c.put("pkuse.hbase.table.name", "employee_copy");
        c.put("pkuse.hbase.column.family", "info");
        c.put("pkuse.hbase.filed.columnsKey", "id");
        c.put("auto.create", "true");
        c.put("write.mode", "1");
        c.put("batch.size", "3000");
        c.put("org.pkuse.kafka.broker", "broker1:9092");
        c.put("pkuse.task.id", "100003");
        return c;
    }

    @Test
    void theSeedConfigParses() {
        HBaseSinkConfig config = new HBaseSinkConfig(seed());
        assertThat(config.table().getNameAsString()).isEqualTo("employee_copy");
        assertThat(config.keyFields()).containsExactly("id");
        assertThat(config.columns().families()).containsExactly("info");
        assertThat(config.batchSize()).isEqualTo(3000);
        assertThat(config.durability().name()).isEqualTo("SYNC_WAL");
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("no ZooKeeper", "pkuse.hbase.ip", c -> c.remove("pkuse.hbase.ip")),
                bad("port not a number", "pkuse.hbase.port", c -> c.put("pkuse.hbase.port", "x")),
                bad("port out of range", "pkuse.hbase.port", c -> c.put("pkuse.hbase.port", "70000")),
                bad("no table", "pkuse.hbase.table.name", c -> c.put("pkuse.hbase.table.name", " ")),
                bad("no row-key field", "pkuse.hbase.filed.columnsKey", c -> c.remove("pkuse.hbase.filed.columnsKey")),
                bad("empty row-key field", "pkuse.hbase.filed.columnsKey",
                        c -> c.put("pkuse.hbase.filed.columnsKey", ",")),
                bad("unknown write mode", "write.mode", c -> c.put("write.mode", "3")),
                bad("batch size 0", "batch.size", c -> c.put("batch.size", "0")),
                bad("unknown value encoding", "pkuse.hbase.value.encoding",
                        c -> c.put("pkuse.hbase.value.encoding", "hex")),
                bad("unknown null mode", "pkuse.hbase.null.mode", c -> c.put("pkuse.hbase.null.mode", "zero")),
                bad("unknown durability", "pkuse.hbase.durability", c -> c.put("pkuse.hbase.durability", "none")),
                bad("bad time zone", "pkuse.hbase.timezone", c -> c.put("pkuse.hbase.timezone", "Mars/Base")),
                bad("bad datetime pattern", "pkuse.hbase.datetime.format",
                        c -> c.put("pkuse.hbase.datetime.format", "yyyy-MM-dd HH:mm:ss{")),
                bad("mapping not JSON", "pkuse.hbase.filed.mapping", c -> c.put("pkuse.hbase.filed.mapping", "[{")),
                bad("mapping with an unknown type", "pkuse.hbase.filed.mapping", c -> c.put(
                        "pkuse.hbase.filed.mapping", "[{\"sourceFiled\":\"a\",\"fieldType\":\"nope\"}]")),
                bad("mapping with a bad column", "pkuse.hbase.filed.mapping", c -> c.put(
                        "pkuse.hbase.filed.mapping", "[{\"sourceFiled\":\"a\",\"targetFiled\":\"f:g:h\"}]")),
                bad("binary row key of two fields", "pkuse.hbase.rowkey.encoding", c -> {
                    c.put("pkuse.hbase.rowkey.encoding", "binary");
                    c.put("pkuse.hbase.filed.columnsKey", "dept,id");
                }),
                bad("misspelled pkuse key", "pkuse.hbase.colum.family", c -> c.put("pkuse.hbase.colum.family", "x")));
    }

    private static Arguments bad(String what, String key, Consumer<Map<String, String>> change) {
        return Arguments.of(what, key, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void aBadConfigIsRefusedNamingTheKey(String what, String key, Consumer<Map<String, String>> change) {
        Map<String, String> c = seed();
        change.accept(c);
        Map<String, List<String>> errors = new HBaseSinkConnector().validate(c).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
        assertThat(errors).as(what).containsKey(key);
        assertThat(errors.get(key)).as(what).allSatisfy(m -> assertThat(m).isNotBlank());
    }
}
