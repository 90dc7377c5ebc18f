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

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.HBaseCluster;

/** A value that cannot be converted: errors.tolerance=none fails the run, all skips and counts the row. */
class HBaseSourceErrorsIT {

    private static final String TABLE = "iterr:people";
    private static final String MAPPING = mapping(f("id", "id", "int", "1"), f("name", "name", "string"),
            f("salary", "salary", "bigint"));

    @BeforeAll
    static void table() {
        hbase().createTable(TABLE, List.of("d"), List.of("5"));
        List<HBaseCluster.Cell> cells = new ArrayList<>();
        for (int id = 1; id <= 9; id++) {
            cells.add(HBaseCluster.Cell.text(Integer.toString(id), "d", "name", "n" + id));
            cells.add(HBaseCluster.Cell.text(Integer.toString(id), "d", "salary", id == 6 ? "12k" : "100" + id));
        }
        hbase().put(TABLE, cells);
    }

    @Test
    void toleranceNoneFailsTheRunWithAnErrorEventNamingRowColumnAndTypeButNotTheValue() {
        String description = failingRun("930001", "x_", false, "12k");
        assertThat(description).contains("the row after record 5").contains("d:salary").contains("bigint")
                .contains("value hidden").doesNotContain("12k").doesNotContain("Row key '6'");
    }

    @Test
    void withIncludeValuesTheErrorEventShowsTheRowKeyAndValueToo() {
        String description = failingRun("930003", "v_", true, null);
        assertThat(description).contains("Row key '6'").contains("d:salary").contains("'12k'").contains("bigint");
    }

    /**
     * Runs a job over the table with one bad salary under errors.tolerance=none; checks the task failed and the
     * events are start, error; returns the error's description. {@code absent} must not be in the task's status.
     */
    private String failingRun(String job, String prefix, boolean includeValues, String absent) {
        String topic = prefix + "iterr_people";
        String name = "hbase-errors-none-" + job;
        connect().createTopic(topic, 1);
        Map<String, String> config = HBaseSourceSupport.seedConfig(name, "iterr", "people", job, MAPPING);
        config.put("pkuse.kafka.topic.prefix", prefix);
        config.put("errors.tolerance", "none");
        config.put("pkuse.errors.include.values", Boolean.toString(includeValues));
        try {
            HBaseSourceSupport.createConnector(name, config);
            JsonNode status = connect().awaitTaskFailed(name, Duration.ofSeconds(60));
            assertThat(status.toString()).contains("d:salary");
            if (absent != null) {
                assertThat(status.toString()).doesNotContain(absent);
            } else {
                assertThat(status.toString()).contains("12k");
            }
            List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "error");
            return events.get(events.size() - 1).description();
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }

    @Test
    void toleranceAllSkipsTheRowCountsItAndLeavesNoGap() {
        String job = "930002";
        String name = "hbase-errors-all";
        String topic = "all_iterr_people";
        connect().createTopic(topic, 1);
        Map<String, String> config = HBaseSourceSupport.seedConfig(name, "iterr", "people", job, MAPPING);
        config.put("pkuse.kafka.topic.prefix", "all_");
        config.put("errors.tolerance", "all");
        try {
            HBaseSourceSupport.createConnector(name, config);
            List<HBaseSourceSupport.Row> rows = byIndex(HBaseSourceSupport.readRun(topic, job, Duration.ofSeconds(60)));
            assertThat(rows).hasSize(8);
            assertThat(rows).extracting(HBaseSourceSupport.Row::index)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 8).boxed().toList());
            assertThat(rows).allMatch(r -> r.predictedTotal() == 8);
            assertThat(rows).extracting(r -> r.text("id")).containsExactly("1", "2", "3", "4", "5", "7", "8", "9");
            assertThat(rows.get(7).isEnd()).isTrue();
            List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "end");
            StatusEvent end = events.get(events.size() - 1);
            assertThat(end.processed()).isEqualTo(8);
            assertThat(end.skipped()).isEqualTo(1);
            assertThat(end.description()).startsWith("8, skipped=1");
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }
}
