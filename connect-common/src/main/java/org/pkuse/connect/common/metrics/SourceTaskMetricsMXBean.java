package org.pkuse.connect.common.metrics;

/**
 * A source task's job ({@code type=source-task-metrics}): what it read and sent, and its current (or last) run.
 * Counts add up over the task's runs since it started.
 */
public interface SourceTaskMetricsMXBean {

    /** Rows read from the store and handed on: records sent plus rows skipped. */
    long getRowsRead();

    /** Records Kafka acknowledged. */
    long getRecordsSent();

    /** Rows skipped under {@code errors.tolerance=all} (a value that does not convert). */
    long getRowsSkipped();

    long getRunsEnded();

    long getRunsFailed();

    /** The current or last run's job id, as in the job headers' {@code taskId}; "" before the first run. */
    String getJobId();

    long getPredictedTotal();

    /** The last record handed out (the headers' {@code currentIndex}). */
    long getCurrentIndex();

    /** idle (no run yet), running, ending ('end' owed), ended, failed. */
    String getRunState();

    /** Reader (scan) threads still reading the current run. */
    int getScanThreadsBusy();

    /** The last failure's message, redacted; "" when none. */
    String getLastError();
}
