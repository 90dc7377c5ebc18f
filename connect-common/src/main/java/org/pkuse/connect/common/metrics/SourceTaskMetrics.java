package org.pkuse.connect.common.metrics;

import java.util.concurrent.atomic.LongAdder;

import org.pkuse.connect.common.source.SourceRun;
import org.pkuse.connect.status.Redactor;

/**
 * The values behind {@link SourceTaskMetricsMXBean}: counters the task updates, and its current run read live (from
 * the JMX thread: figures of a run in progress are a moment's estimate).
 */
public final class SourceTaskMetrics implements SourceTaskMetricsMXBean {

    private final LongAdder sent = new LongAdder();
    private final LongAdder runsEnded = new LongAdder();
    private final LongAdder runsFailed = new LongAdder();
    /** Rows and skipped rows of the runs before the current one. */
    private volatile long readBefore;
    private volatile long skippedBefore;
    private volatile SourceRun run;
    private volatile boolean counted;
    private volatile String state = "idle";
    private volatile String lastError = "";

    public void runStarted(SourceRun started) {
        run = started;
        counted = false;
        state = "running";
    }

    /** Every record is handed out and acknowledged; the 'end' is being delivered. */
    public void runEnding() {
        state = "ending";
    }

    public void runEnded() {
        foldRun();
        runsEnded.increment();
        state = "ended";
    }

    public void runFailed(String message) {
        foldRun();
        runsFailed.increment();
        lastError = message == null ? "" : Redactor.redact(message);
        state = "failed";
    }

    /** Moves the run's counts into the totals once; the run stays for its job id and index. */
    private void foldRun() {
        SourceRun r = run;
        if (r != null && !counted) {
            counted = true;
            readBefore += r.index() + r.skipped();
            skippedBefore += r.skipped();
        }
    }

    public void recordSent() {
        sent.increment();
    }

    private long liveIndex() {
        SourceRun r = run;
        return r == null || counted ? 0 : r.index();
    }

    private long liveSkipped() {
        SourceRun r = run;
        return r == null || counted ? 0 : r.skipped();
    }

    @Override
    public long getRowsRead() {
        return readBefore + liveIndex() + liveSkipped();
    }

    @Override
    public long getRecordsSent() {
        return sent.sum();
    }

    @Override
    public long getRowsSkipped() {
        return skippedBefore + liveSkipped();
    }

    @Override
    public long getRunsEnded() {
        return runsEnded.sum();
    }

    @Override
    public long getRunsFailed() {
        return runsFailed.sum();
    }

    @Override
    public String getJobId() {
        SourceRun r = run;
        return r == null ? "" : r.runTaskId();
    }

    @Override
    public long getPredictedTotal() {
        SourceRun r = run;
        return r == null ? 0 : r.predictedTotal();
    }

    @Override
    public long getCurrentIndex() {
        SourceRun r = run;
        return r == null ? 0 : r.index();
    }

    @Override
    public String getRunState() {
        return state;
    }

    @Override
    public int getScanThreadsBusy() {
        SourceRun r = run;
        return r == null || !"running".equals(state) ? 0 : r.readersBusy();
    }

    @Override
    public String getLastError() {
        return lastError;
    }
}
