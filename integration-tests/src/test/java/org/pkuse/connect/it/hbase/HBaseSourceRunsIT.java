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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TopicReader;

/** Run lifecycle: a 0-row run, the idle task after a run (a restart sends nothing again), a periodic schedule. */
class HBaseSourceRunsIT {

    private static final String MAPPING = mapping(f("id", "id", "int", "1"), f("name", "name", "string"));

    private static List<HBaseCluster.Cell> rows(int from, int to) {
        List<HBaseCluster.Cell> cells = new ArrayList<>();
        for (int id = from; id <= to; id++) {
            cells.add(HBaseCluster.Cell.text(String.format("%03d", id), "d", "name", "名" + id));
        }
        return cells;
    }

    @Test
    void zeroRowRunFinishesVisiblyWithOneEmptyRunMarkerAndStaysFinishedAfterARestart() {
        String name = "hbase-runs-empty";
        String job = "950001";
        hbase().createTable("itruns:empty", List.of("d"), List.of());
        connect().createTopic("itruns_empty", 1);
        try {
            HBaseSourceSupport.createConnector(name, HBaseSourceSupport.seedConfig(name, "itruns", "empty", job,
                    MAPPING));
            List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(60), Duration.ofSeconds(2));
            assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "end");
            assertThat(events.get(0).description()).isEqualTo("0");
            assertThat(events.get(events.size() - 1).processed()).isZero();
            assertThat(events.get(events.size() - 1).description()).startsWith("0");
            // One marker record: no key, no value, the job headers of an empty run.
            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(connect().bootstrapServers(),
                    "itruns_empty", r -> true, Duration.ofSeconds(10), Duration.ofSeconds(3));
            assertThat(records).hasSize(1);
            ConsumerRecord<byte[], byte[]> marker = records.get(0);
            assertThat(marker.key()).isNull();
            assertThat(marker.value()).isNull();
            assertThat(header(marker, "taskId")).isEqualTo(job);
            assertThat(header(marker, "predictedTotal")).isEqualTo("0");
            assertThat(header(marker, "currentIndex")).isEqualTo("0");
            assertThat(header(marker, "isEnd")).isEqualTo("true");
            assertThat(header(marker, "pkuseMarker")).isEqualTo("emptyRun");

            // A restart after the marker's offset is committed (offset.flush.interval.ms=1000) runs nothing again.
            sleep(2500);
            connect().rest().restartConnectorAndTasks(name);
            connect().awaitRunning(name, 1, Duration.ofSeconds(60));
            List<StatusEvent> after = HBaseSourceSupport.events(job, e -> e.size() >= 2, Duration.ofSeconds(30),
                    Duration.ofSeconds(8));
            assertThat(HBaseSourceSupport.stages(after)).containsExactly("start", "end");
            assertThat(TopicReader.readUntil(connect().bootstrapServers(), "itruns_empty", r -> !r.isEmpty(),
                    Duration.ofSeconds(10), Duration.ofSeconds(3))).hasSize(1);
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void finishedRunIsNotSentAgainAfterARestart() {
        String name = "hbase-runs-once";
        String job = "950002";
        String topic = "itruns_once";
        hbase().createTable("itruns:once", List.of("d"), List.of());
        hbase().put("itruns:once", rows(1, 30));
        connect().createTopic(topic, 1);
        try {
            HBaseSourceSupport.createConnector(name, HBaseSourceSupport.seedConfig(name, "itruns", "once", job,
                    MAPPING));
            assertThat(HBaseSourceSupport.readRun(topic, job, Duration.ofSeconds(60))).hasSize(30);
            HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal, Duration.ofSeconds(30), Duration.ZERO);
            // let the last offsets be committed (offset.flush.interval.ms=1000), then restart everything
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connect().rest().restartConnectorAndTasks(name);
            connect().awaitRunning(name, 1, Duration.ofSeconds(60));
            List<HBaseSourceSupport.Row> rows = HBaseSourceSupport.readRows(topic, job, r -> r.size() >= 30,
                    Duration.ofSeconds(30), Duration.ofSeconds(5));
            assertThat(rows).hasSize(30);
            List<StatusEvent> events = HBaseSourceSupport.events(job, HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(30), Duration.ofSeconds(2));
            assertThat(HBaseSourceSupport.stages(events)).containsExactly("start", "end");
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }

    @Test
    void scheduleRunsThreeJobsEachStartingWhereThePreviousStopped() {
        String name = "hbase-runs-schedule";
        String job = "950003";
        String topic = "itruns_sched";
        hbase().createTable("itruns:sched", List.of("d"), List.of("010"));
        hbase().put("itruns:sched", rows(1, 20));
        connect().createTopic(topic, 1);
        Map<String, String> config = HBaseSourceSupport.seedConfig(name, "itruns", "sched", job, MAPPING);
        config.put("pkuse.datasyntype", "2");
        config.put("pkuse.schedule.interval.ms", "6000");
        config.put("pkuse.schedule.max.runs", "3");
        try {
            HBaseSourceSupport.createConnector(name, config);
            List<StatusEvent> run1 = HBaseSourceSupport.events(job + "-1", HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(60), Duration.ZERO);
            hbase().put("itruns:sched", rows(21, 25));
            List<StatusEvent> run3 = HBaseSourceSupport.events(job + "-3", HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(60), Duration.ZERO);
            List<StatusEvent> run2 = HBaseSourceSupport.events(job + "-2", HBaseSourceSupport::hasTerminal,
                    Duration.ofSeconds(10), Duration.ZERO);
            assertThat(HBaseSourceSupport.stages(run1)).containsExactly("start", "end");
            assertThat(HBaseSourceSupport.stages(run2)).containsExactly("start", "end");
            assertThat(HBaseSourceSupport.stages(run3)).containsExactly("start", "end");
            assertThat(run1.get(run1.size() - 1).processed()).isEqualTo(20);
            assertThat(run2.get(run2.size() - 1).processed()).isEqualTo(5);
            assertThat(run3.get(run3.size() - 1).processed()).isZero();
            assertThat(run2.get(0).description()).isEqualTo("5");

            List<HBaseSourceSupport.Row> first = byIndex(HBaseSourceSupport.readRun(topic, job + "-1",
                    Duration.ofSeconds(30)));
            List<HBaseSourceSupport.Row> second = byIndex(HBaseSourceSupport.readRun(topic, job + "-2",
                    Duration.ofSeconds(30)));
            assertThat(first).extracting(HBaseSourceSupport.Row::index)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
            assertThat(second).extracting(r -> r.text("id")).containsExactly("21", "22", "23", "24", "25");
            assertThat(second).extracting(HBaseSourceSupport.Row::index).containsExactly(1L, 2L, 3L, 4L, 5L);
            // the empty third run sent its one marker record, with no value
            List<HBaseSourceSupport.Row> third = HBaseSourceSupport.readRun(topic, job + "-3", Duration.ofSeconds(30));
            assertThat(third).hasSize(1);
            assertThat(third.get(0).value().isMissingNode()).isTrue();
            assertThat(third.get(0).headers()).containsEntry("currentIndex", "0").containsEntry("isEnd", "true")
                    .containsEntry("pkuseMarker", "emptyRun");
            // a fourth run never comes
            List<StatusEvent> run4 = HBaseSourceSupport.events(job + "-4", e -> true, Duration.ofSeconds(5),
                    Duration.ofSeconds(7));
            assertThat(run4).isEmpty();
        } finally {
            HBaseSourceSupport.deleteConnector(name);
        }
    }
}
