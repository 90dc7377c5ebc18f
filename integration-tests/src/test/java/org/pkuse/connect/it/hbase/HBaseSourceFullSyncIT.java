package org.pkuse.connect.it.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.byIndex;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.connect;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.f;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.hbase;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.mapping;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.hbase.EmployeeRows;

/** Full sync of a multi-region table: every field type, Chinese text, missing cells, both value encodings. */
class HBaseSourceFullSyncIT {

    private static final int ROWS = 3000;
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static LocalDate birth(long id) {
        return LocalDate.of(1980, 1, 1).plusDays(id);
    }

    @Test
    void fullSyncOfTextEncodedTableSendsEveryRowTypedWithExactHeadersAndEvents() {
        String table = "itfull:employees";
        String topic = "itfull_employees";
        String job = "900001";
        String name = "hbase-full-text";
        HBaseCluster hbase = hbase();
        hbase.createTable(table, List.of("info"), List.of("2", "4", "6", "8"));
        hbase.generateEmployees(table, "info", 1, ROWS, false);
        List<HBaseCluster.Cell> extra = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            extra.add(HBaseCluster.Cell.text(Long.toString(id), "info", "birth", birth(id).toString()));
            if (id % 100 == 0) {
                extra.add(new HBaseCluster.Cell(Long.toString(id), "info", "photo", new byte[] {1, 2, (byte) id}, null));
            }
        }
        // a row with most cells missing
        extra.add(HBaseCluster.Cell.text("3001", "info", "name", "欧阳小明"));
        hbase.put(table, extra);
        connect().createTopic(topic, 3);

        String mapping = mapping(f("id", "id", "int", "1"), f("name", "name", "string"), f("sex", "sex", "string"),
                f("salary", "salary", "bigint"), f("age", "age", "int"), f("dept", "dept", "varchar(20)"),
                f("rate", "rate", "double"), f("info:rate", "rate_f", "float"), f("hired", "hired", "datetime"),
                f("active", "active", "boolean"), f("bonus", "bonus", "decimal(10,2)"), f("birth", "birth", "date"),
                f("photo", "photo", "bytes"));
        Map<String, String> config = HBaseSourceSupport.seedConfig(name, "itfull", "employees", job, mapping);
        try {
            HBaseSourceSupport.createConnector(name, config);
            List<HBaseSourceSupport.Row> rows = byIndex(HBaseSourceSupport.readRun(topic, job, Duration.ofSeconds(120)));

            int n = ROWS + 1;
            assertThat(rows).hasSize(n);
            for (int i = 0; i < n; i++) {
                HBaseSourceSupport.Row r = rows.get(i);
                assertThat(r.index()).isEqualTo(i + 1);
                assertThat(r.predictedTotal()).isEqualTo(n);
                assertThat(r.taskId()).isEqualTo(job);
                assertThat(r.isEnd()).isEqualTo(i == n - 1);
                assertThat(r.headers()).containsKeys("taskId", "predictedTotal", "currentIndex", "isEnd");
            }
            // emitted in row-key order, whatever the parallelism
            List<String> keys = rows.stream().map(r -> r.text("id")).toList();
            List<String> sortedAsRowKeys = new ArrayList<>(keys);
            sortedAsRowKeys.sort(String::compareTo);
            assertThat(keys).isEqualTo(sortedAsRowKeys);

            HBaseSourceSupport.Row first = rows.get(0);
            assertThat(first.fieldSchema("bonus").path("name").asText()).isEqualTo("org.apache.kafka.connect.data.Decimal");
            assertThat(first.fieldSchema("hired").path("name").asText()).isEqualTo("org.apache.kafka.connect.data.Timestamp");
            assertThat(first.fieldSchema("birth").path("name").asText()).isEqualTo("org.apache.kafka.connect.data.Date");
            assertThat(first.fieldSchema("salary").path("type").asText()).isEqualTo("int64");
            assertThat(first.fieldSchema("age").path("type").asText()).isEqualTo("int32");
            assertThat(first.fieldSchema("rate_f").path("type").asText()).isEqualTo("float");
            assertThat(first.fieldSchema("photo").path("type").asText()).isEqualTo("bytes");
            assertThat(first.fieldSchema("name").path("optional").asBoolean()).isTrue();
            assertThat(first.keySchema().path("type").asText()).isEqualTo("struct");

            for (HBaseSourceSupport.Row r : rows) {
                long id = Long.parseLong(r.text("id"));
                assertThat(r.keyPayload().path("id").asLong()).isEqualTo(id);
                if (id == 3001) {
                    assertThat(r.text("name")).isEqualTo("欧阳小明");
                    for (String missing : List.of("sex", "salary", "age", "dept", "rate", "rate_f", "hired", "active",
                            "bonus", "birth", "photo")) {
                        assertThat(r.value().get(missing).isNull()).as(missing).isTrue();
                    }
                    continue;
                }
                assertThat(r.text("name")).isEqualTo(EmployeeRows.text(id, "name"));
                assertThat(r.text("sex")).isEqualTo(EmployeeRows.text(id, "sex"));
                assertThat(r.value().get("salary").asLong()).isEqualTo(Long.parseLong(EmployeeRows.text(id, "salary")));
                assertThat(r.value().get("age").asInt()).isEqualTo(Integer.parseInt(EmployeeRows.text(id, "age")));
                assertThat(r.text("dept")).isEqualTo(EmployeeRows.text(id, "dept"));
                assertThat(r.value().get("rate").asDouble()).isEqualTo(Double.parseDouble(EmployeeRows.text(id, "rate")));
                assertThat((float) r.value().get("rate_f").asDouble())
                        .isEqualTo(Float.parseFloat(EmployeeRows.text(id, "rate")));
                assertThat(r.value().get("hired").asLong()).isEqualTo(LocalDateTime.parse(EmployeeRows.text(id, "hired"),
                        DATETIME).toInstant(ZoneOffset.UTC).toEpochMilli());
                assertThat(r.value().get("active").asBoolean()).isEqualTo(Boolean.parseBoolean(
                        EmployeeRows.text(id, "active")));
                assertThat(r.decimal("bonus")).isEqualTo(new BigDecimal(EmployeeRows.text(id, "bonus")).setScale(2));
                assertThat(r.value().get("birth").asLong()).isEqualTo(birth(id).toEpochDay());
                if (id % 100 == 0) {
                    assertThat(Base64.getDecoder().decode(r.text("photo"))).containsExactly(1, 2, (byte) id);
                } else {
                    assertThat(r.value().get("photo").isNull()).isTrue();
                }
            }

            List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(60), Duration.ofSeconds(2));
            assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "end");
            StatusEvent start = events.get(0);
            StatusEvent end = events.get(events.size() - 1);
            assertThat(start.description()).isEqualTo(Integer.toString(n));
            assertThat(start.connectorName()).isEqualTo(name);
            assertThat(start.dataTopicName()).isEqualTo(topic);
            assertThat(end.description()).startsWith(Integer.toString(n));
            assertThat(end.processed()).isEqualTo(n);
            assertThat(end.predictedTotal()).isEqualTo(n);
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }

    @Test
    void fullSyncOfBinaryEncodedTable() {
        String table = "itfull:employees_bin";
        String topic = "pre_itfull_employees_bin";
        String job = "900002";
        String name = "hbase-full-binary";
        int rows = 500;
        hbase().createTable(table, List.of("info"), List.of("3"));
        hbase().generateEmployees(table, "info", 1, rows, true);
        connect().createTopic(topic, 1);
        String mapping = mapping(f("id", "id", "bigint", "1"), f("name", "name", "string"),
                f("salary", "salary", "bigint"), f("age", "age", "int"), f("rate", "rate", "double"),
                f("active", "active", "boolean"), f("bonus", "bonus", "decimal(12,2)"), f("hired", "hired", "string"));
        Map<String, String> config = HBaseSourceSupport.seedConfig(name, "itfull", "employees_bin", job, mapping);
        config.put("pkuse.kafka.topic.prefix", "pre_");
        config.put("pkuse.hbase.value.encoding", "binary");
        config.put("pkuse.kafka.batch.size", "7");
        try {
            HBaseSourceSupport.createConnector(name, config);
            List<HBaseSourceSupport.Row> got = byIndex(HBaseSourceSupport.readRun(topic, job, Duration.ofSeconds(120)));
            assertThat(got).hasSize(rows);
            assertThat(got).extracting(HBaseSourceSupport.Row::index)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, rows).boxed().toList());
            assertThat(got).filteredOn(HBaseSourceSupport.Row::isEnd).extracting(HBaseSourceSupport.Row::index)
                    .containsExactly((long) rows);
            for (HBaseSourceSupport.Row r : got) {
                long id = r.value().get("id").asLong();
                assertThat(r.text("name")).isEqualTo(EmployeeRows.text(id, "name"));
                assertThat(r.value().get("salary").asLong()).isEqualTo(Long.parseLong(EmployeeRows.text(id, "salary")));
                assertThat(r.value().get("age").asInt()).isEqualTo(Integer.parseInt(EmployeeRows.text(id, "age")));
                assertThat(r.value().get("rate").asDouble()).isEqualTo(Double.parseDouble(EmployeeRows.text(id, "rate")));
                assertThat(r.value().get("active").asBoolean()).isEqualTo(Boolean.parseBoolean(
                        EmployeeRows.text(id, "active")));
                assertThat(r.decimal("bonus")).isEqualTo(new BigDecimal(EmployeeRows.text(id, "bonus")).setScale(2));
                assertThat(r.text("hired")).isEqualTo(EmployeeRows.text(id, "hired"));
            }
            List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(60), Duration.ofSeconds(1));
            assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "end");
            assertThat(events.get(events.size() - 1).processed()).isEqualTo(rows);
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }
}
