package org.pkuse.connect.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.FreePort;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.TopicReader;

/** Status events as the scheduler reads them: a plain consumer on the real status topic. */
class JobRunIT {

    private static StatusConfig config(Map<String, String> props) {
        return new StatusConfig(new AbstractConfig(StatusConfig.update(new ConfigDef()), props), "fallback-name");
    }

    @Test
    void aRunPublishesStartProgressAndExactlyOneEndInOrder() {
        ConnectCluster kafka = TestKit.connect();
        String topic = "status-run-order";
        Map<String, String> props = new HashMap<>();
        props.put(StatusConfig.BROKER, kafka.bootstrapServers());
        props.put(StatusConfig.TOPIC, topic);
        props.put(StatusConfig.INTERVAL_MS, "0");
        props.put(StatusConfig.CONNECTOR_NAME, "hbasesource_connector_001");

        try (StatusReporter reporter = new StatusReporter(config(props), "it")) {
            reporter.ensureTopic();
            JobRun run = JobRun.start(reporter, Side.SOURCE, "100003", "default_t", 3);
            run.progress(1);
            run.progress(2);
            assertThat(run.end(RunOutcome.of(3).withSkipped(0))).isTrue();
            assertThat(run.end(RunOutcome.of(3))).isFalse();
            assertThat(run.fail("late", new RuntimeException(), 3L)).isFalse();
            run.progress(3);
        }

        List<StatusEvent> events = read(kafka, topic, 4);
        assertThat(events).extracting(StatusEvent::stage)
                .containsExactly(Stage.START, Stage.PROCESSING, Stage.PROCESSING, Stage.END);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.connectorName()).isEqualTo("hbasesource_connector_001");
            assertThat(e.taskId()).isEqualTo("100003");
            assertThat(e.dataTopicName()).isEqualTo("default_t");
            assertThat(e.side()).isEqualTo(Side.SOURCE);
            assertThat(e.predictedTotal()).isEqualTo(3L);
            assertThat(e.timestamp()).isPositive();
        });
        assertThat(events).extracting(StatusEvent::description).containsExactly("3", "1/3", "2/3", "3");
        assertThat(events.get(3).processed()).isEqualTo(3L);
        assertThat(events.get(3).skipped()).isEqualTo(0L);
    }

    @Test
    void anErrorCarriesTheStackTraceAndEndsTheRun() {
        ConnectCluster kafka = TestKit.connect();
        String topic = "status-run-error";
        Map<String, String> props = Map.of(StatusConfig.BROKER, kafka.bootstrapServers(), StatusConfig.TOPIC, topic);

        try (StatusReporter reporter = new StatusReporter(config(props), "it")) {
            reporter.ensureTopic();
            JobRun run = JobRun.start(reporter, Side.SINK, "7", "data", 10);
            assertThat(run.fail("table t: column c too long", new IllegalArgumentException("boom"), 4L)).isTrue();
            assertThat(run.end(RunOutcome.of(10))).isFalse();
        }

        List<StatusEvent> events = read(kafka, topic, 2);
        assertThat(events).extracting(StatusEvent::stage).containsExactly(Stage.START, Stage.ERROR);
        StatusEvent error = events.get(1);
        assertThat(error.connectorName()).isEqualTo("fallback-name");
        assertThat(error.side()).isEqualTo(Side.SINK);
        assertThat(error.processed()).isEqualTo(4L);
        assertThat(error.description()).startsWith("table t: column c too long\njava.lang.IllegalArgumentException: boom")
                .contains("\tat org.pkuse.connect.status.JobRunIT");
    }

    @Test
    void securitySettingsPassThroughByPrefixDeliverySettingsDoNot() {
        Map<String, String> props = Map.of(StatusConfig.BROKER, "127.0.0.1:1",
                "pkuse.status.producer.security.protocol", "SASL_SSL",
                "pkuse.status.producer.ssl.truststore.location", "/etc/kafka/truststore.jks");

        Map<String, Object> producer = StatusReporter.producerProps(config(props), "x");

        assertThat(producer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                .containsEntry("enable.idempotence", true).containsEntry("bootstrap.servers", "127.0.0.1:1");
        assertThatThrownBy(() -> config(Map.of(StatusConfig.BROKER, "127.0.0.1:1",
                "pkuse.status.producer.acks", "0"))).hasMessageContaining("pkuse.status.producer.acks: not allowed");
    }

    @Test
    @Timeout(60)
    void anUnreachableStatusClusterKeepsTheTerminalEventOwedWithinTheTimeout() {
        String nobody = "127.0.0.1:" + FreePort.find();
        Map<String, String> props = Map.of(StatusConfig.BROKER, nobody, StatusConfig.TIMEOUT_MS, "2000");

        try (StatusReporter reporter = new StatusReporter(config(props), "it")) {
            reporter.ensureTopic();
            JobRun run = JobRun.start(reporter, Side.SOURCE, "42", "data", 1);
            assertThat(run.delivered()).as("the start is owed").isFalse();
            run.progress(1);
            long before = System.nanoTime();
            assertThat(run.end(RunOutcome.of(1))).isTrue();
            assertThat((System.nanoTime() - before) / 1_000_000).as("one attempt, bounded by the timeout")
                    .isLessThan(10_000);
            assertThat(run.finished()).isTrue();
            assertThat(run.delivered()).isFalse();
            assertThat(run.deliver()).isFalse();
            assertThat(run.end(RunOutcome.of(1))).isFalse();
        }
    }

    @Test
    @Timeout(60)
    void eventsReadMeanwhileFailAsTheCallersOwnReadWould() {
        String nobody = "127.0.0.1:" + FreePort.find();
        StatusHistory history = new StatusHistory(config(Map.of(StatusConfig.BROKER, nobody,
                StatusConfig.TIMEOUT_MS, "2000")), "it");

        CompletableFuture<List<StatusEvent>> events = history.eventsOfMeanwhile("42");

        assertThatThrownBy(events::join).hasCauseInstanceOf(StatusPublishException.class)
                .hasMessageContaining("Could not read the status events of job 42");
        assertThat(new StatusHistory(config(Map.of()), "off").eventsOfMeanwhile("42").join())
                .as("events off: nothing to read, no thread").isEmpty();
    }

    @Test
    void anOwedEndIsSentOnceWhenTheStatusClusterComesBackAndAReopenedRunSendsNothingAgain() {
        ConnectCluster kafka = TestKit.connect();
        String topic = "status-run-reopen";
        Map<String, String> props = Map.of(StatusConfig.BROKER, kafka.bootstrapServers(), StatusConfig.TOPIC, topic,
                StatusConfig.CONNECTOR_NAME, "src");
        StatusConfig config = config(props);
        StatusHistory history = new StatusHistory(config, "it");
        try (StatusReporter reporter = new StatusReporter(config, "it")) {
            reporter.ensureTopic();
            JobRun first = JobRun.open(reporter, history, Side.SOURCE, "77", "data", 5);
            assertThat(first.delivered()).isTrue();
            // a restarted task opens the same run: no second start
            JobRun again = JobRun.open(reporter, history, Side.SOURCE, "77", "data", 5);
            assertThat(again.finishedBefore()).isNull();
            assertThat(again.end(RunOutcome.of(5))).isTrue();
            assertThat(again.delivered()).isTrue();
            // and once more after the end, its events read on a thread of their own: the run is over, nothing
            // is sent
            List<StatusEvent> earlier = history.eventsOfMeanwhile("77").join();
            assertThat(earlier).extracting(StatusEvent::stage).containsExactly(Stage.START, Stage.END);
            JobRun late = JobRun.open(reporter, history, earlier, Side.SOURCE, "77", 0, "data", 5);
            assertThat(late.finishedBefore()).isEqualTo(Stage.END);
            assertThat(late.end(RunOutcome.of(5))).isFalse();
            assertThat(late.fail("late", null, 5L)).isFalse();
        }
        List<StatusEvent> events = read(kafka, topic, 2);
        assertThat(events).extracting(StatusEvent::stage).containsExactly(Stage.START, Stage.END);
        assertThat(events).extracting(StatusEvent::eventId).containsExactly("source/src/77/start", "source/src/77/end");
    }

    @Test
    void emptyBrokerTurnsEventsOffWithoutFailing() {
        try (StatusReporter reporter = new StatusReporter(config(Map.of()), "it")) {
            reporter.ensureTopic();
            JobRun run = JobRun.start(reporter, Side.SINK, "1", "t", 0);
            assertThat(run.end(RunOutcome.of(0))).isTrue();
        }
    }

    private static List<StatusEvent> read(ConnectCluster kafka, String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(kafka.bootstrapServers(), topic, count,
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertThat(records).extracting(r -> new String(r.key())).containsOnly(
                new String(records.get(0).key()));
        return records.stream().map(r -> StatusEventCodec.fromJson(r.value())).collect(Collectors.toList());
    }
}
