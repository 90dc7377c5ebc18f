package org.pkuse.connect.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.pkuse.connect.headers.JobHeaders;

/**
 * A sink's status events of a job, whatever store the sink keeps the job in: 'start' (the predicted total),
 * 'processing' (committed/predicted, at most one per {@code pkuse.status.interval.ms} and job in this task),
 * 'end' (the written count, dead-lettered ones apart) and 'error'. 'start', 'end' and 'error' carry their stable
 * {@link StatusEvent#idOf id}, so that a sender unsure whether an earlier attempt landed can look for it first.
 */
public final class SinkJobEvents {

    private final StatusConfig config;
    private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();

    public SinkJobEvents(StatusConfig config) {
        this.config = config;
    }

    public StatusConfig config() {
        return config;
    }

    /** @param jobKey the job's key as the headers give it ({@link JobHeaders#jobKey()}: task id and rerun) */
    public StatusEvent start(String jobKey, String topic, long predictedTotal) {
        return event(jobKey, topic, Stage.START, Long.toString(predictedTotal), predictedTotal, null, null);
    }

    /** A 'processing' event, or null when this task sent one for the job less than an interval ago. */
    public StatusEvent progressIfDue(String jobKey, String topic, long committed, long predictedTotal) {
        long now = System.currentTimeMillis();
        Long last = lastProgress.get(jobKey);
        if (last != null && now - last < config.interval().toMillis()) {
            return null;
        }
        if (lastProgress.size() > 10_000) {
            lastProgress.clear(); // jobs that other tasks ended; forgetting them only allows one early event
        }
        lastProgress.put(jobKey, now);
        return event(jobKey, topic, Stage.PROCESSING, committed + "/" + predictedTotal, predictedTotal, committed,
                null);
    }

    public StatusEvent end(String jobKey, String topic, long written, long deadLettered, long predictedTotal) {
        lastProgress.remove(jobKey);
        RunOutcome outcome = RunOutcome.of(written).withDeadLettered(deadLettered);
        return event(jobKey, topic, Stage.END, outcome.description(), predictedTotal, outcome.processed(),
                outcome.deadLettered());
    }

    public StatusEvent error(String jobKey, String topic, String message, Throwable error, Long processed) {
        lastProgress.remove(jobKey);
        return event(jobKey, topic, Stage.ERROR, JobRun.describe(message, error), null, processed, null);
    }

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
