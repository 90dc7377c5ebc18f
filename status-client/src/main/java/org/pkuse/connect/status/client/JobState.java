package org.pkuse.connect.status.client;

import java.util.Locale;

import org.pkuse.connect.status.Stage;

/** Where a job's latest run stands, as {@code wait} decides it and the job board shows it. */
public enum JobState {
    RUNNING, ENDED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState of(JobBoard.Job job) {
        JobView source = job.source();
        JobView sink = job.sink();
        // A sink event from before the source's latest start belongs to an earlier run.
        boolean sinkCurrent = source.stage() == null || sink.updatedAt() >= source.startedAt();
        if (source.stage() == Stage.ERROR || (sink.stage() == Stage.ERROR && sinkCurrent)) {
            return FAILED;
        }
        if (sink.stage() == Stage.END && sinkCurrent) {
            return ENDED;
        }
        if (source.stage() == Stage.END && source.processed() != null && source.processed() == 0) {
            return ENDED; // a run of 0 records sends nothing the sink could end on
        }
        return RUNNING;
    }
}
