package org.pkuse.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.client.JobBoard;

/** The job's summary line: time from POST to the sink's 'end' event, rows per second, time from start-up. */
class QuickstartSummaryTest {

    private static final long STARTED = 1_000_000L;
    private static final long POSTED = STARTED + 33_800;

    private static JobBoard.Job job(Stage sinkStage, long sinkAt, long processed) {
        JobBoard board = new JobBoard();
        board.apply(new StatusEvent("hbasesource_connector_001", "100003", "t", Stage.START, "1000000", POSTED + 500,
                Side.SOURCE, 1_000_000L, 0L, null, null, null));
        board.apply(new StatusEvent("jdbcsink_connector_001", "100003", "t", sinkStage, null, sinkAt, Side.SINK,
                1_000_000L, processed, null, null, null));
        return board.job("100003");
    }

    @Test
    void ended() {
        JobBoard.Job done = job(Stage.END, POSTED + 41_200, 1_000_000);
        assertThat(JobProgress.summary("100003", done, true, 1_000_000, POSTED, STARTED, POSTED + 43_000))
                .isEqualTo("Job 100003 ended: 1,000,000 rows in 41.2 s from POST to the sink's end (24,272 rows/s);"
                        + " 75.0 s from start-up.");
    }

    @Test
    void didNotEndWell() {
        JobBoard.Job done = job(Stage.PROCESSING, POSTED + 20_000, 600_000);
        assertThat(JobProgress.summary("100003", done, false, 600_000, POSTED, STARTED, POSTED + 600_000))
                .isEqualTo("Job 100003 did NOT end well: the sink at 'processing', 600,000 rows in the target,"
                        + " 600.0 s after the POST.");
        assertThat(JobProgress.summary("100003", null, false, 0, POSTED, STARTED, POSTED + 600_000))
                .startsWith("Job 100003 did NOT end well: no event from the sink, 0 rows in the target");
    }
}
