package org.pkuse.connect.status.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pkuse.connect.status.client.JobBoard;
import org.pkuse.connect.status.client.JobView;
import org.pkuse.connect.status.client.SideJson;

/** Renders jobs as a table with progress bars, or as JSON lines for machines. */
public final class BoardPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR = 20;

    private BoardPrinter() {
    }

    public static void table(List<JobBoard.Job> jobs, PrintStream out) {
        out.printf(Locale.ROOT, "%-24s %-6s %-10s %-22s %21s %10s %9s%n", "TASK ID", "SIDE", "STAGE", "PROGRESS",
                "PROCESSED/PREDICTED", "RATE/s", "ELAPSED");
        for (JobBoard.Job job : jobs) {
            row(job.source(), out);
            row(job.sink(), out);
            for (JobView side : List.of(job.source(), job.sink())) {
                if (side.error() != null) {
                    out.println("  " + side.side().wireName() + " error: " + firstLine(side.error()));
                }
            }
        }
    }

    private static void row(JobView v, PrintStream out) {
        if (v.stage() == null) {
            return;
        }
        int filled = (int) Math.round(v.progress() * BAR);
        String bar = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
        String counts = (v.processed() == null ? "?" : v.processed()) + "/"
                + (v.predictedTotal() == null ? "?" : v.predictedTotal());
        out.printf(Locale.ROOT, "%-24s %-6s %-10s %-22s %21s %10.0f %9s%n", v.taskId(), v.side().wireName(),
                v.stage().wireName(), bar, counts, v.rate(), elapsed(v.updatedAt() - v.startedAt()));
    }

    public static void json(List<JobBoard.Job> jobs, PrintStream out) {
        for (JobBoard.Job job : jobs) {
            ObjectNode node = JSON.createObjectNode();
            node.put("taskId", job.taskId());
            node.set("source", side(job.source()));
            node.set("sink", side(job.sink()));
            out.println(node);
        }
    }

    private static ObjectNode side(JobView v) {
        ObjectNode node = SideJson.of(v);
        if (v.stage() != null) {
            node.put("elapsedMs", v.updatedAt() - v.startedAt());
        }
        return node;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    public static String elapsed(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
