package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.common.metrics.SinkTaskMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink task's batches handed to the {@link WritePipeline} and not yet counted, oldest first, and the offsets whose
 * cells are durable. A batch counts (its jobs' progress added, its metrics, its offsets) only once its cells are
 * flushed, and in the order the batches were handed over. Task thread only.
 */
public final class InFlightBatches {

    private static final Logger log = LoggerFactory.getLogger(InFlightBatches.class);

    private final Deque<WritePipeline.Written> batches = new ArrayDeque<>();
    /** Per partition, the offset after the last record whose cells are durable: what may be committed. */
    private final Map<TopicPartition, Long> durable = new HashMap<>();
    private final WritePipeline pipeline;
    private final SinkTaskMetrics metrics;

    public InFlightBatches(WritePipeline pipeline, SinkTaskMetrics metrics) {
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    /** Hands the batch to the writer. */
    public void submit(SinkBatch batch, TableWriters writers) {
        batches.addLast(pipeline.submit(batch, writers));
    }

    public int size() {
        return batches.size();
    }

    public boolean isEmpty() {
        return batches.isEmpty();
    }

    /** The oldest batch has been written (or failed): collecting it will not wait. */
    public boolean oldestSettled() {
        return !batches.isEmpty() && batches.peekFirst().done().isDone();
    }

    /** Counts the batches that are durable, oldest first; with {@code all}, waits for every one. */
    public void collect(boolean all, SinkJobs jobs) throws IOException {
        while (!batches.isEmpty() && (all || batches.peekFirst().done().isDone())) {
            collectOldest(jobs);
        }
    }

    /**
     * Waits for the oldest batch; once its cells are durable, adds each job's progress and marks its offsets durable.
     * A failure is thrown with the batch still in flight ({@link #takeBack}).
     */
    public void collectOldest(SinkJobs jobs) throws IOException {
        SinkBatch batch = batches.peekFirst().batch();
        try {
            batches.peekFirst().done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a batch was written", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        batch.awaitDeadLetters();
        metrics.committed(System.nanoTime() - batch.createdNanos());
        metrics.written("upsert", batch.upserts());
        metrics.written("delete", batch.deletes());
        metrics.deadLettered(batch.deadLetteredCount());
        for (Map.Entry<String, SinkJobs.Flush> job : batch.progress().entrySet()) {
            JobProgress after = jobs.absorb(job.getKey(), job.getValue());
            if (after != null) {
                metrics.job(after);
            }
        }
        batches.removeFirst();
        for (SinkRecord r : batch.records()) {
            durable.merge(new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset() + 1, Math::max);
        }
        log.debug("wrote {} record(s), {} mutation(s), jobs {}", batch.records().size(),
                batch.mutationCount(), batch.progress().keySet());
    }

    /**
     * After a failure: waits for every batch in flight to settle (those behind a failed one fail unwritten) and
     * returns the records of those not counted, in order, to be written again (a batch written but not counted is
     * written again: same cells).
     */
    public List<SinkRecord> takeBack() {
        List<SinkRecord> back = new ArrayList<>();
        for (WritePipeline.Written w : batches) {
            try {
                w.done().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // expected: written again
            }
            back.addAll(w.batch().records());
        }
        batches.clear();
        pipeline.reset();
        return back;
    }

    /** The offset after the partition's last durable record; null when none is. */
    public Long durable(TopicPartition tp) {
        return durable.get(tp);
    }

    /** Revoked partitions: their new owner reads from their committed offsets. */
    public void forget(Collection<TopicPartition> partitions) {
        durable.keySet().removeAll(partitions);
    }
}
