package org.pkuse.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;

class HBaseClusterIT {

    @Test
    void writesAndScansATableInTheChildJvm() {
        HBaseCluster hbase = TestKit.hbase();
        hbase.createTable("smoke:people", List.of("info", "extra"), List.of("5"));

        hbase.put("smoke:people", List.of(
                HBaseCluster.Cell.text("1", "info", "name", "王伟"),
                HBaseCluster.Cell.text("1", "extra", "note", "hello", 1_000L),
                new HBaseCluster.Cell("7", "info", "salary", ByteBuffer.allocate(8).putLong(42L).array(), null)));

        SortedMap<String, Map<String, byte[]>> rows = hbase.scan("smoke:people", 10);
        assertThat(rows).containsOnlyKeys("1", "7");
        assertThat(new String(rows.get("1").get("info:name"), StandardCharsets.UTF_8)).isEqualTo("王伟");
        assertThat(new String(rows.get("1").get("extra:note"), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(ByteBuffer.wrap(rows.get("7").get("info:salary")).getLong()).isEqualTo(42L);
        assertThat(hbase.count("smoke:people")).isEqualTo(2);
        assertThat(hbase.zkPort()).isPositive();
    }

    @Test
    void generatesSampleRows() {
        HBaseCluster hbase = TestKit.hbase();
        hbase.createTable("smoke:employees", "info");

        hbase.generateEmployees("smoke:employees", "info", 1, 500, false);

        assertThat(hbase.count("smoke:employees")).isEqualTo(500);
        Map<String, byte[]> first = hbase.scan("smoke:employees", 1).get("1");
        assertThat(new String(first.get("info:name"), StandardCharsets.UTF_8)).isEqualTo("李伟");
        assertThat(new String(first.get("info:salary"), StandardCharsets.UTF_8)).isEqualTo("3037");
    }
}
