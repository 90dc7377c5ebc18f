package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;

import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.status.SinkJobEvents;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusEvent;

/**
 * The sink side's status events, written into the {@link EventOutbox} inside the transaction that makes them true,
 * so that an event is owed exactly when its change commits: 'start' with the job's row, 'end' with its last index,
 * 'error' with its flip to FAILED, 'processing' (at most one per {@code pkuse.status.interval.ms} and task) with a
 * flush. The job's row lock orders them: no 'processing' can follow a job's 'end' or 'error'.
 */
public final class SinkEvents {

    private final SinkJobEvents events;
    private final EventOutbox outbox;

    public SinkEvents(StatusConfig config, EventOutbox outbox) {
        this.events = new SinkJobEvents(config);
        this.outbox = outbox;
    }

    public EventOutbox outbox() {
        return outbox;
    }

    public void started(Connection conn, String jobId, String topic, long predictedTotal) throws SQLException {
        add(conn, events.start(jobId, topic, predictedTotal));
    }

    /**
     * A flush committed records of a running job.
     *
     * @return whether a 'processing' was due and is owed now (most flushes owe none)
     */
    public boolean progressed(Connection conn, JobProgress job) throws SQLException {
        return add(conn, events.progressIfDue(job.jobId(), job.topic(), job.committed(), job.predictedTotal()));
    }

    public void ended(Connection conn, JobProgress job) throws SQLException {
        add(conn, events.end(job.jobId(), job.topic(), job.written(), job.deadLettered(), job.predictedTotal()));
    }

    public void failed(Connection conn, String jobId, String topic, String message, Throwable error, Long processed)
            throws SQLException {
        add(conn, events.error(jobId, topic, message, error, processed));
    }

    private boolean add(Connection conn, StatusEvent event) throws SQLException {
        if (event != null && events.config().enabled()) {
            outbox.add(conn, event);
            return true;
        }
        return false;
    }
}
