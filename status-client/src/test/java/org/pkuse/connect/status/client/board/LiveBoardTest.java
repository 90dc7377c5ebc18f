package org.pkuse.connect.status.client.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;

class LiveBoardTest {

    private static final Duration QUIET = Duration.ofMillis(50);

    static StatusEvent event(String taskId, Side side, Stage stage, long ts, Long processed, String description) {
        return new StatusEvent(side == Side.SINK ? "jdbcsink_connector_001" : "hbasesource_connector_001", taskId,
                "default_t", stage, description, ts, side, 300L, processed, null, null, null);
    }

    /** The JSON of one server-sent event, after checking its name. */
    static JsonNode data(String message, String name) throws Exception {
        assertThat(message).startsWith("event: " + name + "\ndata: ").endsWith("\n\n");
        return new ObjectMapper().readTree(message.substring(message.indexOf("data: ") + 6).trim());
    }

    @Test
    void aNewPageGetsASnapshotOfEveryJobFirst() throws Exception {
        LiveBoard board = new LiveBoard("pkuse_status", 10);
        board.apply(List.of(event("100003", Side.SOURCE, Stage.START, 1_000, null, "300"),
                event("100003", Side.SOURCE, Stage.PROCESSING, 3_000, 150L, "150/300")));

        JsonNode snapshot = data(board.watch().next(QUIET), "snapshot");

        assertThat(snapshot.path("topic").asText()).isEqualTo("pkuse_status");
        assertThat(snapshot.path("serverTime").asLong()).isPositive();
        JsonNode job = snapshot.path("jobs").get(0);
        assertThat(job.path("taskId").asText()).isEqualTo("100003");
        assertThat(job.path("state").asText()).isEqualTo("running");
        assertThat(job.path("startedAt").asLong()).isEqualTo(1_000);
        JsonNode source = job.path("source");
        assertThat(source.path("stage").asText()).isEqualTo("processing");
        assertThat(source.path("connectorName").asText()).isEqualTo("hbasesource_connector_001");
        assertThat(source.path("dataTopicName").asText()).isEqualTo("default_t");
        assertThat(source.path("processed").asLong()).isEqualTo(150);
        assertThat(source.path("predictedTotal").asLong()).isEqualTo(300);
        assertThat(source.path("progress").asDouble()).isEqualTo(0.5);
        assertThat(source.path("rate").asDouble()).isEqualTo(75.0);
        assertThat(source.has("error")).isFalse();
        assertThat(job.path("sink").isNull()).as("a sink that sent nothing yet").isTrue();
    }

    @Test
    void eachChangedJobIsSentOncePerBatchThenHeartbeatsKeepTheStreamOpen() throws Exception {
        LiveBoard board = new LiveBoard("pkuse_status", 10);
        BoardWatcher page = board.watch();
        data(page.next(QUIET), "snapshot");

        board.apply(List.of(event("100003", Side.SINK, Stage.START, 1_000, null, "300"),
                event("100003", Side.SINK, Stage.PROCESSING, 2_000, 100L, "100/300"),
                event("100003", Side.SINK, Stage.END, 4_000, 300L, "300")));

        JsonNode job = data(page.next(QUIET), "job");
        assertThat(job.path("state").asText()).isEqualTo("ended");
        assertThat(job.path("sink").path("stage").asText()).isEqualTo("end");
        assertThat(job.path("sink").path("progress").asDouble()).isEqualTo(1.0);
        assertThat(page.next(QUIET)).isEqualTo(BoardWatcher.HEARTBEAT);
    }

    @Test
    void anErrorCarriesItsWholeDescription() throws Exception {
        LiveBoard board = new LiveBoard("pkuse_status", 10);
        board.apply(List.of(event("200001", Side.SOURCE, Stage.START, 1_000, null, "10"),
                event("200001", Side.SOURCE, Stage.ERROR, 2_000, 6L, "Row key 'r7': 'abc' is not an int\n\tat x.y")));

        JsonNode job = board.snapshot().path("jobs").get(0);

        assertThat(job.path("state").asText()).isEqualTo("failed");
        assertThat(job.path("source").path("error").asText()).isEqualTo("Row key 'r7': 'abc' is not an int\n\tat x.y");
    }

    @Test
    void keepsTheLatestRawEventsOfEachJobOldestFirst() throws Exception {
        LiveBoard board = new LiveBoard("pkuse_status", 3);
        for (long n = 0; n <= 4; n++) {
            Stage stage = n == 0 ? Stage.START : Stage.PROCESSING;
            board.apply(List.of(event("100003", Side.SOURCE, stage, n, n, n + "/300")));
        }

        JsonNode events = new ObjectMapper().readTree(board.eventsOf("100003"));

        assertThat(events).hasSize(3);
        assertThat(events.get(0).path("description").asText()).isEqualTo("2/300");
        assertThat(events.get(2).path("processed").asLong()).isEqualTo(4);
        assertThat(events.get(2).path("side").asText()).isEqualTo("source");
        assertThat(board.eventsOf("no-such-job")).isNull();
    }

    @Test
    void closingEndsEveryPagesStream() throws Exception {
        LiveBoard board = new LiveBoard("pkuse_status", 10);
        BoardWatcher page = board.watch();
        data(page.next(QUIET), "snapshot");

        board.close();

        assertThat(page.next(QUIET)).isNull();
        assertThat(board.failure()).isNull();
    }

    @Test
    void aPageThatStopsReadingIsDroppedNotBuffered() {
        BoardWatcher page = new BoardWatcher();
        for (int i = 0; i < BoardWatcher.BACKLOG; i++) {
            assertThat(page.offer("event: job\ndata: {}\n\n")).isTrue();
        }

        assertThat(page.offer("event: job\ndata: {}\n\n")).isFalse();
        assertThat(page.closed()).isTrue();
    }
}
