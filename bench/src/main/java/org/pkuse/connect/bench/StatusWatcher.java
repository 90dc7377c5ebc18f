package org.pkuse.connect.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.client.StatusFeed;

/**
 * Tails the status topic from the moment it starts and notes when each (job, side, stage) first arrived, on this
 * JVM's {@code System.nanoTime()} clock, so that a run's end is timed when a scheduler would see it.
 */
final class StatusWatcher implements AutoCloseable {

    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, StatusEvent> events = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    StatusWatcher(String bootstrapServers, String topic) {
        StatusFeed feed = new StatusFeed(bootstrapServers, Map.of(), topic, false, Duration.ofSeconds(30));
        thread = new Thread(() -> {
            try (feed) {
                while (running) {
                    for (StatusEvent e : feed.poll(Duration.ofMillis(20))) {
                        String key = key(e.taskId(), e.side(), e.stage());
                        firstSeen.putIfAbsent(key, System.nanoTime());
                        events.putIfAbsent(key, e);
                    }
                }
            }
        }, "bench-status-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private static String key(String taskId, Side side, Stage stage) {
        return taskId + "|" + side + "|" + stage;
    }

    /**
     * Waits for the job's event of this side and stage; returns when it arrived (nanoTime).
     *
     * @throws IllegalStateException when the job reports an 'error' on that side first, or on timeout
     */
    long await(String taskId, Side side, Stage stage, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Long at = firstSeen.get(key(taskId, side, stage));
            if (at != null) {
                return at;
            }
            StatusEvent error = events.get(key(taskId, side, Stage.ERROR));
            if (error != null) {
                throw new IllegalStateException("job " + taskId + " (" + side + ") reported an error: "
                        + error.description());
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no '" + stage + "' event of job " + taskId + " (" + side + ") within "
                + timeout.toSeconds() + " s");
    }

    /** When the event arrived, or null. */
    Long seen(String taskId, Side side, Stage stage) {
        return firstSeen.get(key(taskId, side, stage));
    }

    StatusEvent event(String taskId, Side side, Stage stage) {
        return events.get(key(taskId, side, stage));
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
