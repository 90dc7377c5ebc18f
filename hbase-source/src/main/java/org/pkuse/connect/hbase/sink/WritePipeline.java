package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches on one thread, in the order they come. Before it flushes, it puts in every batch queued behind the
 * one it took, so a writer that falls behind the worker makes fewer, bigger flushes instead of waiting on each small
 * one. After a failed write, every batch still queued fails too without being written, until {@link #reset} (once
 * the task took them all back to write them again in order). A batch flushed together with the failed one may have
 * reached HBase; written again after the failed one, its cells end as its records say.
 */
public final class WritePipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WritePipeline.class);

    /** A batch handed to the writer: done once its cells are flushed (or failed). */
    public record Written(SinkBatch batch, CompletableFuture<Void> done) {
    }

    private record Job(SinkBatch batch, TableWriters writers, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile Throwable failed;
    private volatile boolean running = true;

    public WritePipeline(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public Written submit(SinkBatch batch, TableWriters writers) {
        Job job = new Job(batch, writers, new CompletableFuture<>());
        queue.add(job);
        return new Written(batch, job.done());
    }

    /** After the task took back every failed batch: write again. */
    public void reset() {
        failed = null;
    }

    private void run() {
        while (running) {
            Job first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            List<Job> group = new ArrayList<>();
            try {
                Job job = first;
                while (job != null) {
                    group.add(job);
                    if (failed != null) {
                        throw new IOException("an earlier batch failed; written again after it", failed);
                    }
                    job.batch().mutateInto(job.writers());
                    Job next = queue.peek();
                    // Same writers only: after a failure the task makes new ones, and the old ones are closed.
                    job = next != null && next.writers() == first.writers() ? queue.poll() : null;
                }
                first.writers().flush();
                group.forEach(j -> j.done().complete(null));
            } catch (IOException | RuntimeException e) {
                if (failed == null) {
                    failed = e;
                    log.debug("Write of {} batch(es) failed: {}", group.size(), e.toString());
                }
                group.forEach(j -> j.done().completeExceptionally(e));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException stopped = new IOException("the task stopped");
        queue.forEach(j -> j.done().completeExceptionally(stopped));
    }
}
