package org.pkuse.connect.status.client.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.status.client.board.LiveBoardTest.data;
import static org.pkuse.connect.status.client.board.LiveBoardTest.event;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;

/** The job board's HTTP side, without Kafka: events go into the board directly. */
class BoardServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private LiveBoard board;
    private BoardServer server;

    @BeforeEach
    void start() throws Exception {
        board = new LiveBoard("pkuse_status", 100);
        server = new BoardServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), board,
                Duration.ofMillis(300));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .timeout(Duration.ofSeconds(10));
    }

    @Test
    void servesThePageAndItsFilesOnlyFromItsOwnOrigin() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .startsWith("default-src 'self'");
        assertThat(page.body()).contains("<script src=\"board.js\" defer></script>").doesNotContain("http://",
                "https://");
        assertThat(get("/board.js").body()).contains("new EventSource('events')").doesNotContain("innerHTML");
        assertThat(get("/board.css").statusCode()).isEqualTo(200);
        assertThat(get("/simplelogger.properties").statusCode()).isEqualTo(404);
        assertThat(http.send(request("/").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void listsTheRawEventsOfAJob() throws Exception {
        board.apply(List.of(event("job 7/a", Side.SOURCE, Stage.START, 1_000, null, "300")));

        HttpResponse<String> events = get("/jobs/job%207%2Fa/events");

        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(events.body()).startsWith("[{\"connectorName\":\"hbasesource_connector_001\",")
                .contains("\"taskId\":\"job 7/a\"");
        assertThat(get("/jobs/unknown/events").statusCode()).isEqualTo(404);
    }

    @Test
    void streamsASnapshotThenUpdatesAndHeartbeats() throws Exception {
        board.apply(List.of(event("100003", Side.SOURCE, Stage.START, 1_000, null, "300")));
        HttpResponse<InputStream> response = http.send(request("/events").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");

        try (BufferedReader stream = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertThat(nextMessage(stream)).isEqualTo("retry: 2000\n\n");
            assertThat(data(nextMessage(stream), "snapshot").path("jobs").get(0).path("taskId").asText())
                    .isEqualTo("100003");

            board.apply(List.of(event("100003", Side.SOURCE, Stage.PROCESSING, 2_000, 150L, "150/300")));
            assertThat(data(nextMessage(stream), "job").path("source").path("processed").asLong()).isEqualTo(150);
            assertThat(nextMessage(stream)).isEqualTo(BoardWatcher.HEARTBEAT);

            server.close();
            assertThat(stream.readLine()).as("the stream ends with the server").isNull();
        }
    }

    /** One message of the stream: its lines up to the blank line that ends it. */
    private static String nextMessage(BufferedReader stream) throws Exception {
        StringBuilder message = new StringBuilder();
        for (String line = stream.readLine(); line != null; line = stream.readLine()) {
            message.append(line).append('\n');
            if (line.isEmpty()) {
                return message.toString();
            }
        }
        return message.toString();
    }
}
