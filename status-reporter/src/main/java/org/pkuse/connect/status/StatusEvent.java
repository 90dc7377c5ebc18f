package org.pkuse.connect.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One status event on the {@code pkuse_status} topic.
 *
 * <p>The first five fields are the contract with the scheduler and keep their meaning. The rest are additions
 * so that machines need not parse {@code description}: numeric counts, the side that sent it, a timestamp, and
 * for an incremental source run the value to pass as {@code pkuse.lastincrementvalue} next time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"connectorName", "taskId", "dataTopicName", "stage", "description", "timestamp", "side",
    "predictedTotal", "processed", "skipped", "deadLettered", "nextIncrementValue"})
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
        String nextIncrementValue) {
}
