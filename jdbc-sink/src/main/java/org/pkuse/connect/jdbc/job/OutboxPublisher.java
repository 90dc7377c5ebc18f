package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
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
 * <p>Before a {@code start}, {@code end} or {@code error} is sent, it is claimed and the status topic is searched for
 * its stable id: a publisher that died (or lost its database session) after the send and before removing the row
 * does not make the scheduler see it twice (see {@link #publishOne}).
 */
public final class OutboxPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final long IDLE_WAIT_MS = 500;
    private static final long STALLED_CHECK_MS = 5_000;
    /** How often the outbox's size is read for the status reporter's metrics. */
    private static final long COUNT_EVERY_MS = 1_000;

    private final DataSource dataSource;
    private final EventOutbox outbox;
    private final StatusReporter reporter;
    private final StatusHistory history;
    private volatile StalledJobs stalled;
    private final Thread thread;
    /** Names this publisher in its claims: its own claim (a removal that failed) it takes over at once. */
    private final String id;
    private final Object wake = new Object();
    private volatile boolean closed;
    private boolean woken;
    private long lastStalledCheck;
    private long lastCount;

    public OutboxPublisher(String name, DataSource dataSource, EventOutbox outbox, StatusReporter reporter,
                           StatusHistory history) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.reporter = reporter;
        this.history = history;
        this.thread = new Thread(this::run, name);
        this.id = name + "/" + UUID.randomUUID();
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
                if (now - lastCount >= COUNT_EVERY_MS) {
                    lastCount = now;
                    reporter.metrics().outboxPending(countOwed());
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

    /**
     * Sends and removes the oldest owed event; false when none is owed, or when another publisher is sending it.
     *
     * <p>A 'start', 'end' or 'error' is claimed first (committed), then looked for on the status topic, sent, and
     * removed. The claim, not a row lock, is what keeps a second publisher off it while it is in flight: a lock
     * would go with a database session killed in the middle of the send, and the next publisher would find the
     * event not on the topic yet and send it again. A claim older than a send can take (the sender died, or its
     * removal failed) is taken over, and the topic is searched again first. One call at a time per publisher (its
     * thread and a failing task's {@link #drain}): the two would otherwise both take their own claim over.
     */
    synchronized boolean publishOne() throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                EventOutbox.Owed owed = outbox.lockOldest(conn);
                if (owed == null) {
                    conn.rollback();
                    return false;
                }
                StatusEvent event = owed.event();
                long now = System.currentTimeMillis();
                if (owed.sendingSince() != null && !id.equals(owed.sendingBy())
                        && now - owed.sendingSince() < claimMillis()) {
                    conn.rollback(); // in flight from another publisher: events go out in order, so wait
                    return false;
                }
                if (event.stage() != Stage.PROCESSING && event.eventId() != null) {
                    outbox.claim(conn, owed, now, id);
                    conn.commit();
                    if (StatusHistory.contains(history.eventsOf(event.taskId()), event.eventId())) {
                        log.info("Job {}: its '{}' event is on the status topic already (sent before a restart)",
                                event.taskId(), event.stage().wireName());
                    } else {
                        reporter.publishAndWait(event);
                        log.debug("Job {}: '{}' event delivered", event.taskId(), event.stage().wireName());
                    }
                } else {
                    reporter.publishAndWait(event); // a 'processing' sent twice misleads nobody
                }
                outbox.remove(conn, owed.id());
                conn.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                SqlErrors.rollbackQuietly(conn); // the row stays owed (claimed, if the claim committed)
                throw e;
            }
        }
    }

    private long countOwed() throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(true);
            return outbox.countOwed(conn);
        }
    }

    private boolean owesAny() throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(true);
            return outbox.anyOwed(conn);
        }
    }

    /** How long a claim keeps others off an event: a topic search and a send, each bounded by the status timeout. */
    private long claimMillis() {
        return reporter.config().timeout().multipliedBy(2).toMillis() + 10_000;
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
                    if (!owesAny()) {
                        return true;
                    }
                    Thread.sleep(500); // another publisher is sending the oldest one
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
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
