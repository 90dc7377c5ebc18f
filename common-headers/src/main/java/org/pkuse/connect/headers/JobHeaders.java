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
 *
 * <p>A job run again on purpose ({@code pkuse-status rerun}) keeps its {@code taskId}, and its records carry the
 * extra header {@code pkuseRerun} (1, 2, ...): a sink keeps each rerun apart ({@link #jobKey()}). Absent means 0,
 * the job's first run.
 */
public record JobHeaders(String taskId, long predictedTotal, long currentIndex, boolean isEnd, long rerun) {

    public static final String TASK_ID = "taskId";
    public static final String PREDICTED_TOTAL = "predictedTotal";
    public static final String CURRENT_INDEX = "currentIndex";
    public static final String IS_END = "isEnd";
    /** Header of records that carry no row, only a signal; its value says which. */
    public static final String MARKER = "pkuseMarker";
    public static final String EMPTY_RUN = "emptyRun";
    /** Header of a job's records when it runs again on purpose: the rerun's number, from 1. */
    public static final String RERUN = "pkuseRerun";
    private static final String RERUN_KEY = "#rerun";

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
        if (rerun < 0) {
            throw new IllegalArgumentException(RERUN + " must be >= 0, was " + rerun);
        }
    }

    /** The headers of a job's first run. */
    public JobHeaders(String taskId, long predictedTotal, long currentIndex, boolean isEnd) {
        this(taskId, predictedTotal, currentIndex, isEnd, 0);
    }

    /** The headers of the one record that a run of 0 records sends. */
    public static JobHeaders emptyRun(String taskId, long rerun) {
        return new JobHeaders(taskId, 0, 0, true, rerun);
    }

    public static JobHeaders emptyRun(String taskId) {
        return emptyRun(taskId, 0);
    }

    /** What keeps a job's reruns apart: the task id, and for a rerun {@code <taskId>#rerun<n>}. */
    public String jobKey() {
        return jobKey(taskId, rerun);
    }

    public static String jobKey(String taskId, long rerun) {
        return rerun == 0 ? taskId : taskId + RERUN_KEY + rerun;
    }

    /** The task id in a {@link #jobKey()}. */
    public static String taskIdOf(String jobKey) {
        int i = jobKey.lastIndexOf(RERUN_KEY);
        return i < 0 || !isDigits(jobKey, i + RERUN_KEY.length()) ? jobKey : jobKey.substring(0, i);
    }

    /** The rerun number in a {@link #jobKey()}; 0 for a first run. */
    public static long rerunOf(String jobKey) {
        int i = jobKey.lastIndexOf(RERUN_KEY);
        return i < 0 || !isDigits(jobKey, i + RERUN_KEY.length()) ? 0
                : Long.parseLong(jobKey.substring(i + RERUN_KEY.length()));
    }

    private static boolean isDigits(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** This is the empty-run marker: it carries no row. */
    public boolean isEmptyRun() {
        return predictedTotal == 0 && isEnd && currentIndex == 0;
    }
}
