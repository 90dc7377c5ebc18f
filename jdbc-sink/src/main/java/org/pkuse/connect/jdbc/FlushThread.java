package org.pkuse.connect.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.jdbc.writer.FlushResult;

/**
 * The task's one database thread. The task hands it the full chunks of its buffer and goes on converting the next
 * records while the database works, with at most one hand-over in flight (double buffering: one chunk being
 * written, one filling). Chunks are written in order, each in its own transaction; the first failing chunk stops
 * the hand-over and comes back, with the chunks after it, unwritten.
 */
final class FlushThread<C> implements AutoCloseable {

    /** Writes one chunk in one transaction. */
    interface ChunkWriter<C> {
        FlushResult write(C chunk) throws SQLException;
    }

    /** What a hand-over did: the chunks written, in order, and the first failure with what it left unwritten. */
    record Outcome<C>(List<FlushResult> written, List<C> unwritten, Exception error) {
        boolean failed() {
            return error != null;
        }
    }

    private final ExecutorService executor;
    private Future<Outcome<C>> pending;

    FlushThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    boolean busy() {
        return pending != null;
    }

    boolean done() {
        return pending == null || pending.isDone();
    }

    void submit(List<C> chunks, ChunkWriter<C> writer) {
        if (pending != null) {
            throw new IllegalStateException("A hand-over is still in flight");
        }
        pending = executor.submit(() -> writeAll(chunks, writer));
    }

    private static <C> Outcome<C> writeAll(List<C> chunks, ChunkWriter<C> writer) {
        List<FlushResult> written = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            try {
                written.add(writer.write(chunks.get(i)));
            } catch (SQLException | RuntimeException e) {
                return new Outcome<>(written, new ArrayList<>(chunks.subList(i, chunks.size())), e);
            }
        }
        return new Outcome<>(written, List.of(), null);
    }

    /** Waits for the hand-over in flight; null when there is none. */
    Outcome<C> await() {
        if (pending == null) {
            return null;
        }
        try {
            Outcome<C> outcome = pending.get();
            pending = null;
            return outcome;
        } catch (InterruptedException e) {
            // The hand-over stays pending: the next await collects it.
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for the database write in flight", e);
        } catch (ExecutionException e) {
            pending = null;
            throw new ConnectException("The database write thread failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
