package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.status.JobRun;
import org.pkuse.connect.status.RunOutcome;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusEvent;

/**
 * The sink side's status events, written into the {@link EventOutbox} inside the transaction that makes them true,
 * so that an event is owed exactly when its change commits: 'start' with the job's row, 'end' with its last index,
 * 'error' with its flip to FAILED, 'processing' (at most one per {@code pkuse.status.interval.ms} and task) with a
 * flush. The job's row lock orders them: no 'processing' can follow a job's 'end' or 'error'.
 */
public final class SinkEvents {

    private final StatusConfig config;
    private final EventOutbox outbox;
    private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();

    public SinkEvents(StatusConfig config, EventOutbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    public EventOutbox outbox() {
        return outbox;
    }

    public void started(Connection conn, String jobId, String topic, long predictedTotal) throws SQLException {
        add(conn, event(jobId, topic, Stage.START, Long.toString(predictedTotal), predictedTotal, null, null));
    }

    /** A flush committed records of a running job. */
    public void progressed(Connection conn, JobProgress job) throws SQLException {
        long now = System.currentTimeMillis();
        Long last = lastProgress.get(job.jobId());
        if (last != null && now - last < config.interval().toMillis()) {
            return;
        }
        if (lastProgress.size() > 10_000) {
            lastProgress.clear(); // jobs that other tasks ended; forgetting them only allows one early event
        }
        lastProgress.put(job.jobId(), now);
        add(conn, event(job.jobId(), job.topic(), Stage.PROCESSING, job.committed() + "/" + job.predictedTotal(),
                job.predictedTotal(), job.committed(), null));
    }

    public void ended(Connection conn, JobProgress job) throws SQLException {
        lastProgress.remove(job.jobId());
        RunOutcome outcome = RunOutcome.of(job.written()).withDeadLettered(job.deadLettered());
        StatusEvent e = event(job.jobId(), job.topic(), Stage.END, outcome.description(), job.predictedTotal(),
                outcome.processed(), outcome.deadLettered());
        add(conn, e);
    }

    public void failed(Connection conn, String jobId, String topic, String message, Throwable error, Long processed)
            throws SQLException {
        lastProgress.remove(jobId);
        add(conn, event(jobId, topic, Stage.ERROR, JobRun.describe(message, error), null, processed, null));
    }

    private void add(Connection conn, StatusEvent event) throws SQLException {
        if (config.enabled()) {
            outbox.add(conn, event);
        }
    }

    /** An event of the job whose control row is {@code jobKey}: its task id, and its rerun number if any. */
    private StatusEvent event(String jobKey, String topic, Stage stage, String description, Long predictedTotal,
                              Long processed, Long deadLettered) {
        String taskId = JobHeaders.taskIdOf(jobKey);
        long rerun = JobHeaders.rerunOf(jobKey);
        String id = stage == Stage.PROCESSING ? null
                : StatusEvent.idOf(Side.SINK, config.connectorName(), taskId, rerun, stage);
        return new StatusEvent(config.connectorName(), taskId, topic, stage, description, System.currentTimeMillis(),
                Side.SINK, predictedTotal, processed, null, deadLettered, null, id, rerun == 0 ? null : rerun);
    }
}
