package org.pkuse.connect.common.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;

import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.metrics.TaskMBeans;
import org.pkuse.connect.status.Redactor;

/**
 * The values behind {@link SinkTaskMetricsMXBean}, updated by a sink task after each committed batch, and the
 * per-job MBeans of its open jobs. {@link #close} unregisters them all.
 */
public final class SinkTaskMetrics implements SinkTaskMetricsMXBean, AutoCloseable {

    private static final int REMEMBERED_ENDS = 1000;

    private final String connector;
    private final String task;
    private final ObjectName name;
    private final LongAdder inserted = new LongAdder();
    private final LongAdder upserted = new LongAdder();
    private final LongAdder updated = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder jobsEnded = new LongAdder();
    private final LongAdder jobsFailed = new LongAdder();
    private final Map<String, Job> open = new ConcurrentHashMap<>();
    /** Jobs counted as ended or failed, so that a job seen again (late records) is not counted twice. */
    private final Set<String> finished = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_ENDS;
        }
    });
    private long batches;
    private long latencyNanos;
    private long maxLatencyNanos;
    private volatile boolean connected = true;
    private volatile String lastError = "";

    /** Registers the task's MBean. */
    public SinkTaskMetrics(String connector, String task) {
        this.connector = connector;
        this.task = task;
        this.name = TaskMBeans.name("sink-task-metrics", connector, task);
        TaskMBeans.register(name, this);
    }

    /** {@code n} records written by {@code operation} (insert, upsert, update, delete; an HBase put is an upsert). */
    public void written(String operation, long n) {
        switch (operation.toLowerCase(Locale.ROOT)) {
            case "insert" -> inserted.add(n);
            case "update" -> updated.add(n);
            case "delete" -> deleted.add(n);
            default -> upserted.add(n);
        }
    }

    public void skipped(long n) {
        skipped.add(n);
    }

    public void deadLettered(long n) {
        deadLettered.add(n);
    }

    /** A batch committed after {@code nanos}; the store is reachable. */
    public synchronized void committed(long nanos) {
        batches++;
        latencyNanos += nanos;
        maxLatencyNanos = Math.max(maxLatencyNanos, nanos);
        connected = true;
    }

    public void retried() {
        retries.increment();
    }

    /** A write failed; {@code lostStore} when the store could not be reached. */
    public void failed(String message, boolean lostStore) {
        lastError = message == null ? "" : Redactor.redact(message);
        if (lostStore) {
            connected = false;
        }
    }

    /**
     * A job's row after a batch: a running job's MBean shows its committed count; a job that ended (or is being
     * swapped in) or failed is counted once and its MBean removed.
     */
    public void job(JobProgress progress) {
        switch (progress.state()) {
            case FAILED -> finish(progress.jobId(), jobsFailed);
            case ENDED, SWAPPING -> finish(progress.jobId(), jobsEnded);
            default -> {
                Job job = open.computeIfAbsent(progress.jobId(), id -> {
                    Job j = new Job(id, progress.topic(), TaskMBeans.name("sink-job-metrics", connector, task, id));
                    TaskMBeans.register(j.name, j);
                    return j;
                });
                job.committed = progress.committed();
                job.predictedTotal = progress.predictedTotal();
            }
        }
    }

    /** The jobs shown as open: a task reads their rows now and then, as another task may have ended them. */
    public Set<String> openJobs() {
        return Set.copyOf(open.keySet());
    }

    public void jobFailed(String jobId) {
        finish(jobId, jobsFailed);
    }

    private void finish(String jobId, LongAdder counter) {
        Job job = open.remove(jobId);
        if (job != null) {
            TaskMBeans.unregister(job.name);
        }
        synchronized (finished) {
            if (finished.add(jobId)) {
                counter.increment();
            }
        }
    }

    @Override
    public long getRecordsInserted() {
        return inserted.sum();
    }

    @Override
    public long getRecordsUpserted() {
        return upserted.sum();
    }

    @Override
    public long getRecordsUpdated() {
        return updated.sum();
    }

    @Override
    public long getRecordsDeleted() {
        return deleted.sum();
    }

    @Override
    public long getRecordsSkipped() {
        return skipped.sum();
    }

    @Override
    public long getRecordsDeadLettered() {
        return deadLettered.sum();
    }

    @Override
    public synchronized long getBatches() {
        return batches;
    }

    @Override
    public synchronized double getFlushLatencyAvgMs() {
        return batches == 0 ? 0 : latencyNanos / 1e6 / batches;
    }

    @Override
    public synchronized double getFlushLatencyMaxMs() {
        return maxLatencyNanos / 1e6;
    }

    @Override
    public long getRetries() {
        return retries.sum();
    }

    @Override
    public boolean isDatabaseConnected() {
        return connected;
    }

    @Override
    public int getJobsOpen() {
        return open.size();
    }

    @Override
    public long getJobsEnded() {
        return jobsEnded.sum();
    }

    @Override
    public long getJobsFailed() {
        return jobsFailed.sum();
    }

    @Override
    public String getLastError() {
        return lastError;
    }

    @Override
    public void close() {
        open.values().forEach(j -> TaskMBeans.unregister(j.name));
        open.clear();
        TaskMBeans.unregister(name);
    }

    /** An open job's MBean. */
    static final class Job implements SinkJobMetricsMXBean {
        private final String jobId;
        private final String topic;
        private final ObjectName name;
        private volatile long committed;
        private volatile long predictedTotal;

        Job(String jobId, String topic, ObjectName name) {
            this.jobId = jobId;
            this.topic = topic;
            this.name = name;
        }

        @Override
        public String getJobId() {
            return jobId;
        }

        @Override
        public String getTopic() {
            return topic;
        }

        @Override
        public long getCommitted() {
            return committed;
        }

        @Override
        public long getPredictedTotal() {
            return predictedTotal;
        }
    }
}
