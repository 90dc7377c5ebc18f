package org.pkuse.connect.status.client.board;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open page: the server-sent events it has still to be sent, in order. A page that stops reading is dropped
 * once {@link #BACKLOG} messages wait, rather than holding the server's memory; its browser reconnects and starts
 * again from a fresh snapshot.
 */
final class BoardWatcher {

    static final int BACKLOG = 10_000;
    /** A comment line: browsers ignore it, and it keeps proxies and idle timeouts from closing the stream. */
    static final String HEARTBEAT = ": heartbeat\n\n";
    private static final String CLOSED = "";

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>(BACKLOG);
    private volatile boolean closed;

    /** Queues one message; false when the watcher is closed or too far behind (it is closed then). */
    boolean offer(String message) {
        if (closed) {
            return false;
        }
        if (!messages.offer(message)) {
            close();
            return false;
        }
        return true;
    }

    /** The next message, a heartbeat after {@code quiet} without one, or null once closed. */
    String next(Duration quiet) throws InterruptedException {
        if (closed && messages.isEmpty()) {
            return null;
        }
        String message = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            return closed ? null : HEARTBEAT;
        }
        return message.equals(CLOSED) ? null : message;
    }

    /** Ends the stream: what is still queued is dropped, and a writer waiting for the next message wakes. */
    void close() {
        closed = true;
        messages.clear();
        messages.offer(CLOSED);
    }

    boolean closed() {
        return closed;
    }

    /** One server-sent event; JSON written by Jackson has no line breaks, so one {@code data} line holds it. */
    static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }
}
