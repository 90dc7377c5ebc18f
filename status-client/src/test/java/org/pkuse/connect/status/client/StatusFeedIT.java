package org.pkuse.connect.status.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.localstack.KafkaBroker;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;

/** The status topic on a real KRaft broker, read as pkuse-status, the quickstart and the bench read it. */
class StatusFeedIT {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(Files.createTempDirectory("pkuse-status-feed"), Map.of(), Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static StatusEvent event(String taskId, Side side, Stage stage, Long processed) {
        return new StatusEvent(side == Side.SINK ? "jdbcsink" : "hbasesource", taskId, "t", stage, "10",
                System.currentTimeMillis(), side, 10L, processed, null, null, null);
    }

    private static void send(String topic, Object... values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (Object v : values) {
                String json = v instanceof StatusEvent e ? StatusEventCodec.toJson(e) : v.toString();
                producer.send(new ProducerRecord<>(topic, "k", json));
            }
        }
    }

    @Test
    void fromTheBeginningFoldsEveryEventIntoItsJobAndSkipsForeignRecords() {
        broker.createTopic("status-a", 2);
        send("status-a", event("1", Side.SOURCE, Stage.START, null), "not a status event",
                event("1", Side.SINK, Stage.START, null), event("1", Side.SOURCE, Stage.END, 10L),
                event("1", Side.SINK, Stage.END, 10L));

        JobBoard board = new JobBoard();
        try (StatusFeed feed = new StatusFeed(broker.bootstrapServers(), Map.of(), "status-a", true,
                Duration.ofSeconds(30))) {
            List<StatusEvent> read = feed.readUntil(events -> events.size() >= 4, Duration.ofSeconds(30),
                    Duration.ofMillis(500));
            read.forEach(board::apply);
            assertThat(read).hasSize(4);
            assertThat(feed.caughtUp()).isTrue();
        }
        assertThat(board.job("1").sink().stage()).isEqualTo(Stage.END);
        assertThat(board.job("1").sink().processed()).isEqualTo(10L);
    }

    @Test
    void fromNowSeesOnlyWhatWasSentAfterItOpenedEvenBeforeItsFirstPoll() {
        broker.createTopic("status-b", 1);
        send("status-b", event("2", Side.SOURCE, Stage.START, null));
        try (StatusFeed feed = new StatusFeed(broker.bootstrapServers(), Map.of(), "status-b", false,
                Duration.ofSeconds(30))) {
            send("status-b", event("2", Side.SINK, Stage.END, 10L));
            List<StatusEvent> read = feed.readUntil(events -> !events.isEmpty(), Duration.ofSeconds(30),
                    Duration.ofMillis(500));
            assertThat(read).extracting(StatusEvent::side, StatusEvent::stage)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Side.SINK, Stage.END));
        }
    }

    @Test
    void aMissingTopicIsNamed() {
        assertThatThrownBy(() -> new StatusFeed(broker.bootstrapServers(), Map.of(), "no-such-status", true,
                Duration.ofSeconds(5))).hasMessageContaining("'no-such-status' does not exist");
    }
}
