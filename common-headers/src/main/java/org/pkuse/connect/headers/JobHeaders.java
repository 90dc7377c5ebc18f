package org.pkuse.connect.headers;

import java.util.Objects;

/**
 * The four job headers that every record of a pkuse job carries: which job it belongs to, how many records the
 * run will send, this record's 1-based position, and whether it is the run's last record.
 *
 * <p>The names are a contract with existing schedulers and sinks; never rename them.
 *
 * <p>A run of 0 records still sends one record, the empty-run marker ({@link #emptyRun}): no key, no value,
 * {@code predictedTotal} 0, {@code currentIndex} 0, {@code isEnd} true, and the extra header
 * {@code pkuseMarker=emptyRun}, so that a sink learns that the run ended. Other sinks on the topic drop it with
 * Kafka's {@code Filter} transform and the {@code HasHeaderKey} predicate on {@code pkuseMarker}.
 */
public record JobHeaders(String taskId, long predictedTotal, long currentIndex, boolean isEnd) {

    public static final String TASK_ID = "taskId";
    public static final String PREDICTED_TOTAL = "predictedTotal";
    public static final String CURRENT_INDEX = "currentIndex";
    public static final String IS_END = "isEnd";
    /** Header of records that carry no row, only a signal; its value says which. */
    public static final String MARKER = "pkuseMarker";
    public static final String EMPTY_RUN = "emptyRun";

    public JobHeaders {
        Objects.requireNonNull(taskId, TASK_ID);
        if (taskId.isBlank()) {
            throw new IllegalArgumentException(TASK_ID + " must not be blank");
        }
        if (predictedTotal < 0) {
            throw new IllegalArgumentException(PREDICTED_TOTAL + " must be >= 0, was " + predictedTotal);
        }
        if (currentIndex < 1 && !(currentIndex == 0 && predictedTotal == 0 && isEnd)) {
            throw new IllegalArgumentException(CURRENT_INDEX + " starts at 1, was " + currentIndex
                    + " (0 only on the empty-run marker: predictedTotal 0 and isEnd true)");
        }
    }

    /** The headers of the one record that a run of 0 records sends. */
    public static JobHeaders emptyRun(String taskId) {
        return new JobHeaders(taskId, 0, 0, true);
    }

    /** This is the empty-run marker: it carries no row. */
    public boolean isEmptyRun() {
        return predictedTotal == 0 && isEnd && currentIndex == 0;
    }
}
