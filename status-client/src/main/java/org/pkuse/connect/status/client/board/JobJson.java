package org.pkuse.connect.status.client.board;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pkuse.connect.status.client.JobBoard;
import org.pkuse.connect.status.client.JobState;
import org.pkuse.connect.status.client.JobView;
import org.pkuse.connect.status.client.SideJson;

/**
 * A job as the page reads it: its state, and per side the stage, counts, rate, times and error. Numbers the page
 * shows are computed here, once, by the same {@link JobView} code that {@code watch} prints.
 */
final class JobJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JobJson() {
    }

    static ObjectNode of(JobBoard.Job job) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("taskId", job.taskId());
        node.put("state", JobState.of(job).wireName());
        node.put("startedAt", firstStart(job));
        node.set("source", side(job.source()));
        node.set("sink", side(job.sink()));
        return node;
    }

    /** When the job first showed up: the page orders jobs by it, newest first, so rows stay put while they run. */
    private static long firstStart(JobBoard.Job job) {
        long source = job.source().startedAt();
        long sink = job.sink().startedAt();
        return source == 0 ? sink : sink == 0 ? source : Math.min(source, sink);
    }

    /** Null for a side that has sent nothing yet (a sink before its first record). */
    private static ObjectNode side(JobView v) {
        if (v.stage() == null) {
            return null;
        }
        ObjectNode node = SideJson.of(v);
        node.put("progress", v.progress());
        node.put("rate", v.rate());
        node.put("startedAt", v.startedAt());
        node.put("updatedAt", v.updatedAt());
        return node;
    }
}
