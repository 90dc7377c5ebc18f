package org.pkuse.connect.status.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.client.JobBoard;
import org.pkuse.connect.status.client.JobView;

class JobBoardTest {

    private static StatusEvent event(Side side, Stage stage, long ts, Long processed, String description) {
        return new StatusEvent(side == Side.SINK ? "jdbcsink" : "hbasesource", "100003", "t", stage, description, ts,
                side, 10L, processed, null, null, null);
    }

    @Test
    void sinkEndIsSuccessAndAnyErrorIsFailure() {
        JobBoard board = new JobBoard();
        board.apply(event(Side.SOURCE, Stage.START, 1, null, "10"));
        board.apply(event(Side.SINK, Stage.START, 2, null, "10"));
        assertThat(StatusCli.Wait.verdict(board.job("100003"))).isNull();
        board.apply(event(Side.SOURCE, Stage.END, 3, 10L, "10"));
        assertThat(StatusCli.Wait.verdict(board.job("100003"))).isNull();
        board.apply(event(Side.SINK, Stage.END, 4, 10L, "10"));
        assertThat(StatusCli.Wait.verdict(board.job("100003"))).isEqualTo(StatusCli.OK);

        JobBoard failed = new JobBoard();
        failed.apply(event(Side.SOURCE, Stage.START, 1, null, "10"));
        failed.apply(event(Side.SOURCE, Stage.ERROR, 2, 3L, "boom"));
        assertThat(StatusCli.Wait.verdict(failed.job("100003"))).isEqualTo(StatusCli.FAILED);
    }

    @Test
    void anOldRunsEndDoesNotCountOnceANewRunStarted() {
        JobBoard board = new JobBoard();
        board.apply(event(Side.SOURCE, Stage.START, 1, null, "10"));
        board.apply(event(Side.SINK, Stage.END, 5, 10L, "10"));
        board.apply(event(Side.SOURCE, Stage.START, 100, null, "10"));

        assertThat(StatusCli.Wait.verdict(board.job("100003"))).isNull();
    }

    @Test
    void aZeroRowSourceRunEndsTheJob() {
        JobBoard board = new JobBoard();
        board.apply(event(Side.SOURCE, Stage.START, 1, null, "0"));
        board.apply(event(Side.SOURCE, Stage.END, 2, 0L, "0"));

        assertThat(StatusCli.Wait.verdict(board.job("100003"))).isEqualTo(StatusCli.OK);
    }

    @Test
    void readsCountsFromOlderEventsThatOnlyHaveADescription() {
        JobBoard board = new JobBoard();
        board.apply(new StatusEvent("jdbcsink_connector_001", "9", "t", Stage.START, "2000", 1, null, null, null,
                null, null, null));
        board.apply(new StatusEvent("jdbcsink_connector_001", "9", "t", Stage.PROCESSING, "1200/2000", 2, null, null,
                null, null, null, null));

        JobView sink = board.job("9").sink();
        assertThat(sink.predictedTotal()).isEqualTo(2000);
        assertThat(sink.processed()).isEqualTo(1200);
        assertThat(sink.progress()).isEqualTo(0.6);
    }

    @Test
    void parsesDurationsAsUsersWriteThem() {
        assertThat(StatusCli.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(StatusCli.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(StatusCli.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(StatusCli.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(StatusCli.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(StatusCli.parseDuration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> StatusCli.parseDuration("soon")).hasMessageContaining("'soon' is not a duration");
    }
}
