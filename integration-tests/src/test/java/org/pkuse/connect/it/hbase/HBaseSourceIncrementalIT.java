package org.pkuse.connect.it.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.byIndex;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.connect;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.f;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.hbase;
import static org.pkuse.connect.it.hbase.HBaseSourceSupport.mapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.HBaseCluster;

/** Incremental sync across two runs, by cell timestamp and by a field, as the scheduler chains them. */
class HBaseSourceIncrementalIT {

    private static final String MAPPING = mapping(f("id", "id", "int", "1"), f("name", "name", "string"),
            f("salary", "salary", "bigint"), f("seq", "seq", "bigint"));

    private static List<HBaseCluster.Cell> rows(long from, long to, String salary) {
        List<HBaseCluster.Cell> cells = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            String row = Long.toString(id);
            cells.add(HBaseCluster.Cell.text(row, "d", "name", "姓名" + id));
            cells.add(HBaseCluster.Cell.text(row, "d", "salary", salary + id));
            cells.add(HBaseCluster.Cell.text(row, "d", "seq", Long.toString(id)));
        }
        return cells;
    }

    /** Runs one job to its end and returns its rows and end event. */
    private static Run runJob(String name, String table, String topic, String job, String field, String last) {
        Map<String, String> config = HBaseSourceSupport.seedConfig(name, "itinc", table, job, MAPPING);
        config.put("pkuse.datasyntype", "2");
        config.put("pkuse.incrementreadfields", field);
        config.put("pkuse.lastincrementvalue", last);
        try {
            HBaseSourceSupport.createConnector(name, config);
            List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(90), Duration.ofSeconds(1));
            assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "end");
            StatusEvent end = events.get(events.size() - 1);
            List<HBaseSourceSupport.Row> got = end.processed() == 0 ? List.of()
                    : byIndex(HBaseSourceSupport.readRun(topic, job, Duration.ofSeconds(60)));
            assertThat(got).hasSize(end.processed().intValue());
            assertThat(got).extracting(HBaseSourceSupport.Row::index)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, got.size()).boxed().toList());
            got.forEach(r -> assertThat(r.predictedTotal()).isEqualTo(got.size()));
            return new Run(got, end);
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }

    record Run(List<HBaseSourceSupport.Row> rows, StatusEvent end) {
        List<Long> ids() {
            return rows.stream().map(r -> r.value().get("id").asLong()).sorted().toList();
        }
    }

    @Test
    void byCellTimestampSendsWholeChangedRowsOnceAcrossTwoRuns() {
        String table = "itinc:by_ts";
        String topic = "itinc_by_ts";
        hbase().createTable(table, List.of("d"), List.of("5"));
        hbase().put(table, rows(1, 100, "1000"));
        connect().createTopic(topic, 1);

        Run first = runJob("hbase-inc-ts-1", "by_ts", topic, "910001", "", "");
        assertThat(first.ids()).isEqualTo(LongStream.rangeClosed(1, 100).boxed().toList());
        String watermark = first.end().nextIncrementValue();
        assertThat(watermark).matches("\\d{13}");
        assertThat(first.end().description()).contains("lastincrementvalue=" + watermark);

        // change one cell of rows 1..10 and add rows 101..105
        List<HBaseCluster.Cell> changes = new ArrayList<>();
        for (long id = 1; id <= 10; id++) {
            changes.add(HBaseCluster.Cell.text(Long.toString(id), "d", "salary", "777" + id));
        }
        changes.addAll(rows(101, 105, "1000"));
        hbase().put(table, changes);

        Run second = runJob("hbase-inc-ts-2", "by_ts", topic, "910002", "", watermark);
        List<Long> expected = new ArrayList<>(LongStream.rangeClosed(1, 10).boxed().toList());
        expected.addAll(LongStream.rangeClosed(101, 105).boxed().toList());
        assertThat(second.ids()).isEqualTo(expected);
        for (HBaseSourceSupport.Row r : second.rows()) {
            long id = r.value().get("id").asLong();
            // whole rows: the unchanged cells come along with the changed one
            assertThat(r.text("name")).isEqualTo("姓名" + id);
            assertThat(r.value().get("seq").asLong()).isEqualTo(id);
            assertThat(r.value().get("salary").asLong()).isEqualTo(Long.parseLong((id <= 10 ? "777" : "1000") + id));
        }
        assertThat(Long.parseLong(second.end().nextIncrementValue())).isGreaterThan(Long.parseLong(watermark));
    }

    @Test
    void byFieldComparesByTypeAndCarriesTheMaximumForward() {
        String table = "itinc:by_field";
        String topic = "itinc_by_field";
        hbase().createTable(table, List.of("d"), List.of("3", "7"));
        hbase().put(table, rows(1, 50, "2000"));
        connect().createTopic(topic, 1);

        Run first = runJob("hbase-inc-f-1", "by_field", topic, "920001", "seq", "");
        assertThat(first.ids()).isEqualTo(LongStream.rangeClosed(1, 50).boxed().toList());
        assertThat(first.end().nextIncrementValue()).isEqualTo("50");

        hbase().put(table, rows(51, 60, "2000"));
        // seq 9 < 50 numerically but "9" > "50" as text: must not come again
        Run second = runJob("hbase-inc-f-2", "by_field", topic, "920002", "seq", "50");
        assertThat(second.ids()).isEqualTo(LongStream.rangeClosed(51, 60).boxed().toList());
        assertThat(second.end().nextIncrementValue()).isEqualTo("60");

        Run third = runJob("hbase-inc-f-3", "by_field", topic, "920003", "seq", "60");
        assertThat(third.rows()).isEmpty();
        assertThat(third.end().nextIncrementValue()).isEqualTo("60");
        assertThat(third.end().description()).startsWith("0");
    }
}
