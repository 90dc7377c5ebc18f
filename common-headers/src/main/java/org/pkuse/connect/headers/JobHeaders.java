package org.pkuse.connect.headers;

import java.util.Objects;

/**
 * The four job headers that every record of a pkuse job carries: which job it belongs to, how many records the
 * run will send, this record's 1-based position, and whether it is the run's last record.
 *
 * <p>The names are a contract with existing schedulers and sinks; never rename them.
 */
public record JobHeaders(String taskId, long predictedTotal, long currentIndex, boolean isEnd) {

    public static final String TASK_ID = "taskId";
    public static final String PREDICTED_TOTAL = "predictedTotal";
    public static final String CURRENT_INDEX = "currentIndex";
    public static final String IS_END = "isEnd";

    public JobHeaders {
        Objects.requireNonNull(taskId, TASK_ID);
        if (taskId.isBlank()) {
            throw new IllegalArgumentException(TASK_ID + " must not be blank");
        }
        if (predictedTotal < 0) {
            throw new IllegalArgumentException(PREDICTED_TOTAL + " must be >= 0, was " + predictedTotal);
        }
        if (currentIndex < 1) {
            throw new IllegalArgumentException(CURRENT_INDEX + " starts at 1, was " + currentIndex);
        }
    }
}
