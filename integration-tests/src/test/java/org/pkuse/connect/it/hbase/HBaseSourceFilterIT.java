package org.pkuse.connect.it.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.byIndex;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.connect;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.f;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.hbase;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.mapping;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.hbase.EmployeeRows;

/** limitcondition, maprule and the row-key range: predictedTotal counts exactly the rows that are sent. */
class HBaseSourceFilterIT {

    @Test
    void conditionsRulesAndRangeShapeTheRunAndItsCount() {
        String table = "itfilter:employees";
        String topic = "itfilter_employees";
        String job = "960001";
        String name = "hbase-filter";
        int rows = 1000;
        hbase().createTable(table, List.of("info"), List.of("3", "6"));
        hbase().generateEmployees(table, "info", 1, rows, false);
        connect().createTopic(topic, 1);
        Map<String, String> config = HBaseSourceSupport.seedConfig(name, "itfilter", "employees", job, mapping(
                f("id", "id", "int", "1"),
                f("name", "name", "string", "0", "", "mask"),
                f("dept", "dept", "string", "0", "IN ('研发部', 'Ops')", "map(研发部:R&D,Ops:OPS)"),
                f("salary", "salary", "bigint", "0", "salary >= 20000"),
                f("sex", "sex", "string", "0", "= '女'"),
                f("nickname", "nickname", "string", "0", "", "default('n/a')|upper")));
        config.put("pkuse.hbase.rowkey.start", "2");
        config.put("pkuse.hbase.rowkey.stop", "8");
        config.put("pkuse.hbase.filed.mapping", config.get("pkuse.hbase.filed.mapping")
                .replace("\"sourceFiled\":\"nickname\"", "\"sourceFiled\":\"info:nickname\""));
        List<Long> expected = LongStream.rangeClosed(1, rows).filter(id -> {
            String key = Long.toString(id);
            String dept = EmployeeRows.text(id, "dept");
            return key.compareTo("2") >= 0 && key.compareTo("8") < 0
                    && (dept.equals("研发部") || dept.equals("Ops"))
                    && Long.parseLong(EmployeeRows.text(id, "salary")) >= 20000
                    && EmployeeRows.text(id, "sex").equals("女");
        }).boxed().sorted((a, b) -> Long.toString(a).compareTo(Long.toString(b))).toList();
        assertThat(expected).hasSizeGreaterThan(10);
        try {
            HBaseSourceSupport.createConnector(name, config);
            List<HBaseSourceSupport.Row> got = byIndex(HBaseSourceSupport.readRun(topic, job, Duration.ofSeconds(60)));
            assertThat(got).extracting(r -> r.value().get("id").asLong()).containsExactlyElementsOf(expected);
            assertThat(got).allMatch(r -> r.predictedTotal() == expected.size());
            for (HBaseSourceSupport.Row r : got) {
                long id = r.value().get("id").asLong();
                String fullName = EmployeeRows.text(id, "name");
                assertThat(r.text("name")).isEqualTo("*".repeat(fullName.length()));
                assertThat(r.text("dept")).isEqualTo(EmployeeRows.text(id, "dept").equals("Ops") ? "OPS" : "R&D");
                assertThat(r.text("nickname")).isEqualTo("N/A");
            }
            List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "end");
            assertThat(events.get(0).description()).isEqualTo(Integer.toString(expected.size()));
            assertThat(events.get(events.size() - 1).processed()).isEqualTo(expected.size());
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }
}
