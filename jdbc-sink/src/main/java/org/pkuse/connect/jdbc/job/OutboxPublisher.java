package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusPublishException;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's background thread that sends the connector's owed events ({@link EventOutbox}) to the status topic,
 * oldest first, and removes each once acknowledged; and that fails, with an 'error', jobs that stalled
 * ({@link StalledJobs}). Every task of the connector runs one; they take turns on the oldest event's row lock.
 *
 * <p>Before a {@code start}, {@code end} or {@code error} is sent, the status topic is searched for its stable id: a
 * publisher that died after the send and before removing the row does not make the scheduler see it twice.
 */
public final class OutboxPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final long IDLE_WAIT_MS = 500;
    private static final long STALLED_CHECK_MS = 5_000;

    private final DataSource dataSource;
    private final EventOutbox outbox;
    private final StatusReporter reporter;
    private final StatusHistory history;
    private volatile StalledJobs stalled;
    private final Thread thread;
    private final Object wake = new Object();
    private volatile boolean closed;
    private boolean woken;
    private long lastStalledCheck;

    public OutboxPublisher(String name, DataSource dataSource, EventOutbox outbox, StatusReporter reporter,
                           StatusHistory history) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.reporter = reporter;
        this.history = history;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Runs the stalled-job check every few seconds, between events. */
    public void checkEvery(StalledJobs check) {
        this.stalled = check;
    }

    public void start() {
        thread.start();
    }

    /** Something was just committed: look now rather than at the next tick. */
    public void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            boolean sent = false;
            try {
                sent = publishOne();
                long now = System.currentTimeMillis();
                if (stalled != null && now - lastStalledCheck >= STALLED_CHECK_MS) {
                    lastStalledCheck = now;
                    stalled.check();
                }
            } catch (StatusPublishException e) {
                log.warn("Status events wait: {}", e.getMessage());
                pause(reporter.config().timeout().toMillis() / 4);
            } catch (SQLException | RuntimeException e) {
                log.warn("Could not publish the owed status events from {}: {}", outbox.table(), SqlErrors.brief(e));
                pause(2_000);
            }
            if (!sent) {
                pause(IDLE_WAIT_MS);
            }
        }
    }

    /** Sends and removes the oldest owed event; false when none is owed. */
    boolean publishOne() throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                EventOutbox.Owed owed = outbox.lockOldest(conn);
                if (owed == null) {
                    conn.rollback();
                    return false;
                }
                StatusEvent event = owed.event();
                if (event.stage() != Stage.PROCESSING && event.eventId() != null
                        && StatusHistory.contains(history.eventsOf(event.taskId()), event.eventId())) {
                    log.info("Job {}: its '{}' event is on the status topic already (sent before a restart)",
                            event.taskId(), event.stage().wireName());
                } else {
                    reporter.publishAndWait(event);
                    log.debug("Job {}: '{}' event delivered", event.taskId(), event.stage().wireName());
                }
                outbox.remove(conn, owed.id());
                conn.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                SqlErrors.rollbackQuietly(conn); // the row stays owed
                throw e;
            }
        }
    }

    /**
     * Publishes on the caller's thread until nothing is owed or {@code max} has passed: a task about to fail for
     * good delivers the 'error' it just recorded, since it may be the connector's only publisher.
     *
     * @return true when nothing is owed any more
     */
    public boolean drain(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!publishOne()) {
                    return true;
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("Could not deliver the owed status events yet: {}", SqlErrors.brief(e));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private void pause(long ms) {
        synchronized (wake) {
            if (!closed && !woken) {
                try {
                    wake.wait(Math.max(1, ms));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
            woken = false;
        }
    }

    /** Stops the thread, letting an event in flight finish; what is left stays owed for the next publisher. */
    @Override
    public void close() {
        closed = true;
        wake();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
