package org.pkuse.connect.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One status event on the {@code pkuse_status} topic.
 *
 * <p>The first five fields are the contract with the scheduler and keep their meaning. The rest are additions
 * so that machines need not parse {@code description}: numeric counts, the side that sent it, a timestamp, and
 * for an incremental source run the value to pass as {@code pkuse.lastincrementvalue} next time, and for
 * {@code start}, {@code end} and {@code error} a stable {@code eventId} (see {@link #idOf}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"connectorName", "taskId", "dataTopicName", "stage", "description", "timestamp", "side",
    "predictedTotal", "processed", "skipped", "deadLettered", "nextIncrementValue", "eventId", "rerun"})
public record StatusEvent(
        String connectorName,
        String taskId,
        String dataTopicName,
        Stage stage,
        String description,
        long timestamp,
        Side side,
        Long predictedTotal,
        Long processed,
        Long skipped,
        Long deadLettered,
        String nextIncrementValue,
        String eventId,
        Long rerun) {

    public StatusEvent(String connectorName, String taskId, String dataTopicName, Stage stage, String description,
                       long timestamp, Side side, Long predictedTotal, Long processed, Long skipped,
                       Long deadLettered, String nextIncrementValue) {
        this(connectorName, taskId, dataTopicName, stage, description, timestamp, side, predictedTotal, processed,
                skipped, deadLettered, nextIncrementValue, null, null);
    }

    public StatusEvent(String connectorName, String taskId, String dataTopicName, Stage stage, String description,
                       long timestamp, Side side, Long predictedTotal, Long processed, Long skipped,
                       Long deadLettered, String nextIncrementValue, String eventId) {
        this(connectorName, taskId, dataTopicName, stage, description, timestamp, side, predictedTotal, processed,
                skipped, deadLettered, nextIncrementValue, eventId, null);
    }

    /**
     * The stable id of a run's {@code start}, {@code end} or {@code error}: the same for every attempt to send it,
     * so a sender that is not sure whether an earlier attempt landed can look for it on the topic first.
     */
    public static String idOf(Side side, String connectorName, String taskId, Stage stage) {
        return idOf(side, connectorName, taskId, 0, stage);
    }

    /** The id of an event of a job's rerun ({@code pkuse-status rerun}): {@code <taskId>#rerun<n>} in place of the id. */
    public static String idOf(Side side, String connectorName, String taskId, long rerun, Stage stage) {
        return side.wireName() + "/" + connectorName + "/" + taskId + (rerun > 0 ? "#rerun" + rerun : "") + "/"
                + stage.wireName();
    }

    /** This event's id; events written before ids existed get the one their fields imply. */
    public String identity() {
        if (eventId != null) {
            return eventId;
        }
        return side == null || stage == null ? null
                : idOf(side, connectorName, taskId, rerun == null ? 0 : rerun, stage);
    }

    public StatusEvent withEventId(String id) {
        return new StatusEvent(connectorName, taskId, dataTopicName, stage, description, timestamp, side,
                predictedTotal, processed, skipped, deadLettered, nextIncrementValue, id, rerun);
    }
}
