package org.pkuse.connect.common.source;

import org.pkuse.connect.common.run.RunOffset;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.RunOutcome;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusPublishException;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 'end' a run may still owe the status topic when it finished before its last offset commit was taken (the task
 * stopped between the two): sent from the committed offset, unless the status topic holds it already.
 */
final class OwedEnd {

    private static final Logger log = LoggerFactory.getLogger(OwedEnd.class);

    private final StatusReporter reporter;
    private final StatusHistory history;
    private final RunSettings config;
    private final RunOffset offset;
    private JobRun job;

    OwedEnd(StatusReporter reporter, StatusHistory history, RunSettings config, RunOffset offset) {
        this.reporter = reporter;
        this.history = history;
        this.config = config;
        this.offset = offset;
    }

    /**
     * Sends the 'end' if the status topic lacks it; true once nothing is owed.
     *
     * @throws StatusPublishException when the status topic cannot be read; try again
     */
    boolean deliver() {
        if (job == null) {
            job = open();
        }
        return job.deliver();
    }

    private JobRun open() {
        JobRun run = JobRun.open(reporter, history, Side.SOURCE, offset.runTaskId(), offset.rerun(), config.topic(),
                offset.predictedTotal());
        if (run.finishedBefore() == null) {
            log.info("Job {} run {}: finished, but its 'end' is not on the status topic; sending it",
                    offset.runTaskId(), offset.run());
            run.end(RunOutcome.of(offset.index()).withSkipped(offset.skipped())
                    .withNextIncrementValue(offset.next()));
        }
        return run;
    }
}
