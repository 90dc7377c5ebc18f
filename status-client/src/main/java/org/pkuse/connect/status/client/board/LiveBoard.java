package org.pkuse.connect.status.client.board;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;
import org.pkuse.connect.status.client.JobBoard;
import org.pkuse.connect.status.client.StatusFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of the status topic as they change: one thread reads the feed and folds its events into a
 * {@link JobBoard}; every open page ({@link BoardWatcher}) gets a snapshot of all jobs when it connects, then each
 * job again whenever one of its events arrives. The latest raw events of each job are kept for the page's event list.
 */
final class LiveBoard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveBoard.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final int eventsPerJob;
    private final JobBoard board = new JobBoard();
    private final Map<String, Deque<StatusEvent>> rawEvents = new HashMap<>();
    private final List<BoardWatcher> watchers = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private Thread reader;

    /** A board of {@code topic}'s jobs keeping the last {@code eventsPerJob} raw events of each. */
    LiveBoard(String topic, int eventsPerJob) {
        this.topic = topic;
        this.eventsPerJob = eventsPerJob;
    }

    /**
     * Reads {@code feed} on a thread of its own until {@link #close()}; the feed is closed by that thread, since a
     * Kafka consumer may only be used by one. A read that fails ends the board: see {@link #failure()}.
     */
    void follow(StatusFeed feed, Runnable onFailure) {
        reader = new Thread(() -> {
            try (feed) {
                while (running) {
                    apply(feed.poll(POLL));
                }
            } catch (RuntimeException e) {
                failure = e;
                log.error("Reading the status topic {} failed", topic, e);
                onFailure.run();
            }
        }, "pkuse-status-board-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Folds events into the board and sends each job they changed, once, to every page. */
    synchronized void apply(List<StatusEvent> events) {
        Set<String> changed = new LinkedHashSet<>();
        for (StatusEvent e : events) {
            if (e.taskId() == null || e.stage() == null) {
                continue;
            }
            try {
                board.apply(e);
            } catch (RuntimeException bad) {
                // one odd event (a count too large for a long) must not stop the board for everyone
                log.warn("Skipped a status event of job {} that does not fold: {}", e.taskId(), bad.toString());
                continue;
            }
            Deque<StatusEvent> kept = rawEvents.computeIfAbsent(e.taskId(), id -> new ArrayDeque<>());
            kept.addLast(e);
            if (kept.size() > eventsPerJob) {
                kept.removeFirst();
            }
            changed.add(e.taskId());
        }
        if (changed.isEmpty() || watchers.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (String taskId : changed) {
            ObjectNode job = JobJson.of(board.job(taskId)).put("serverTime", now);
            broadcast(BoardWatcher.event("job", job.toString()));
        }
    }

    private void broadcast(String message) {
        for (BoardWatcher w : watchers) {
            if (!w.offer(message)) {
                watchers.remove(w);
                log.warn("A job board page fell {} updates behind and was dropped; it reconnects by itself",
                        BoardWatcher.BACKLOG);
            }
        }
    }

    /** A new page: its first message is the snapshot of every job, and no update is lost or sent twice after it. */
    synchronized BoardWatcher watch() {
        BoardWatcher watcher = new BoardWatcher();
        watcher.offer(BoardWatcher.event("snapshot", snapshot().toString()));
        if (running) {
            watchers.add(watcher);
        } else {
            watcher.close();
        }
        return watcher;
    }

    void unwatch(BoardWatcher watcher) {
        watchers.remove(watcher);
        watcher.close();
    }

    synchronized ObjectNode snapshot() {
        ObjectNode node = JobJson.MAPPER.createObjectNode();
        node.put("topic", topic);
        node.put("serverTime", System.currentTimeMillis());
        ArrayNode jobs = node.putArray("jobs");
        board.jobs().forEach(job -> jobs.add(JobJson.of(job)));
        return node;
    }

    /** The job's kept raw events as a JSON array, oldest first, as they were on the topic; null for an unknown job. */
    synchronized String eventsOf(String taskId) {
        Deque<StatusEvent> kept = rawEvents.get(taskId);
        if (kept == null) {
            return null;
        }
        List<String> json = new ArrayList<>(kept.size());
        kept.forEach(e -> json.add(StatusEventCodec.toJson(e)));
        return "[" + String.join(",", json) + "]";
    }

    /** Why reading the status topic stopped; null while it goes on or after a plain {@link #close()}. */
    Throwable failure() {
        return failure;
    }

    /** Stops reading and ends every page's stream. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
            for (BoardWatcher w : watchers) {
                w.close();
            }
            watchers.clear();
        }
        if (reader != null && reader != Thread.currentThread()) {
            try {
                reader.join(POLL.multipliedBy(4).toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
