package org.pkuse.connect.quickstart;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.client.JobBoard;
import org.pkuse.connect.status.client.JobView;
import org.pkuse.connect.status.client.StatusFeed;

/** The seed job on the console: a progress bar per side from the status topic, then the job's summary line. */
final class JobProgress {

    private final PrintStream out;
    private final Duration timeout;

    JobProgress(PrintStream out, Duration timeout) {
        this.out = out;
        this.timeout = timeout;
    }

    /** Live progress per side, until the sink ends or a side fails; the job as last seen (null: no event). */
    JobBoard.Job follow(String bootstrap, String taskId) throws Exception {
        JobBoard board = new JobBoard();
        boolean ansi = System.console() != null;
        long deadline = System.nanoTime() + timeout.toNanos();
        int printed = 0;
        try (StatusFeed feed = new StatusFeed(bootstrap, Map.of(), "pkuse_status", true, Duration.ofSeconds(30))) {
            while (System.nanoTime() < deadline) {
                feed.poll(Duration.ofMillis(500)).forEach(board::apply);
                JobBoard.Job job = board.job(taskId);
                if (job == null) {
                    continue;
                }
                if (ansi && printed > 0) {
                    out.print("\033[" + printed + "A");
                }
                printed = 0;
                for (JobView side : List.of(job.source(), job.sink())) {
                    out.println(bar(side));
                    printed++;
                }
                boolean failed = job.source().stage() == Stage.ERROR || job.sink().stage() == Stage.ERROR;
                if (job.sink().stage() == Stage.END || failed) {
                    for (JobView side : List.of(job.source(), job.sink())) {
                        if (side.error() != null) {
                            out.println(side.side().wireName() + " error: " + side.error());
                        }
                    }
                    return job;
                }
                if (!ansi) {
                    Thread.sleep(1500);
                }
            }
        }
        out.println("The job did not end within " + timeout.toSeconds() + " s");
        return board.job(taskId);
    }

    /**
     * The job's line: rows and time from the first POST to the sink's {@code end} event (its own timestamp, not when
     * the progress loop saw it), rows per second, and the time from start-up; or why it did not end well.
     */
    static String summary(String taskId, JobBoard.Job done, boolean ok, long inTable, long postedAt, long startedAt,
                          long now) {
        if (!ok) {
            String sink = done == null || done.sink().stage() == null ? "no event from the sink"
                    : "the sink at '" + done.sink().stage().wireName() + "'";
            return String.format(Locale.ROOT, "Job %s did NOT end well: %s, %,d rows in the target, %.1f s after the"
                    + " POST.", taskId, sink, inTable, (now - postedAt) / 1000.0);
        }
        long end = done.sink().updatedAt() > postedAt ? done.sink().updatedAt() : now;
        long rowsDone = done.sink().processed() != null ? done.sink().processed() : inTable;
        double seconds = Math.max(end - postedAt, 1) / 1000.0;
        return String.format(Locale.ROOT, "Job %s ended: %,d rows in %.1f s from POST to the sink's end (%,d rows/s);"
                + " %.1f s from start-up.", taskId, rowsDone, seconds, Math.round(rowsDone / seconds),
                (end - startedAt) / 1000.0);
    }

    private static String bar(JobView side) {
        int width = 30;
        int filled = (int) Math.round(side.progress() * width);
        String stage = side.stage() == null ? "waiting" : side.stage().wireName();
        return String.format(Locale.ROOT, "  %-6s [%s%s] %9s/%-9s %-10s %8.0f rows/s", side.side().wireName(),
                "#".repeat(filled), ".".repeat(width - filled), side.processed() == null ? "0" : side.processed(),
                side.predictedTotal() == null ? "?" : side.predictedTotal(), stage, side.rate());
    }
}
