package org.pkuse.connect.common.metrics;

/**
 * A sink task's writes and jobs ({@code type=sink-task-metrics}); each open job also has its own MBean
 * ({@code type=sink-job-metrics}, {@link SinkJobMetricsMXBean}). Counts add up since the task started.
 */
public interface SinkTaskMetricsMXBean {

    long getRecordsInserted();

    long getRecordsUpserted();

    long getRecordsUpdated();

    long getRecordsDeleted();

    /** Records passed over on purpose: already written (redelivered), or of another job than the task's. */
    long getRecordsSkipped();

    /** Records sent to the dead letter queue (errors.tolerance=all). */
    long getRecordsDeadLettered();

    /** Batches committed, each in one transaction (JDBC) or one flush (HBase). */
    long getBatches();

    double getFlushLatencyAvgMs();

    double getFlushLatencyMaxMs();

    /** Failed writes that were tried again (max.retries). */
    long getRetries();

    /** Whether the last write reached the store (false after a failure to connect, until a write succeeds). */
    boolean isDatabaseConnected();

    int getJobsOpen();

    long getJobsEnded();

    long getJobsFailed();

    /** The last failure's message, redacted; "" when none. */
    String getLastError();
}
