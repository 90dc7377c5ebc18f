package org.pkuse.connect.status.client;

import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;

/** What is known of one side (source or sink) of one job, from its latest events. */
public final class JobView {

    private final String taskId;
    private final Side side;
    private String connectorName;
    private String dataTopic;
    private Stage stage;
    private Long predictedTotal;
    private Long processed;
    private Long skipped;
    private Long deadLettered;
    private String nextIncrementValue;
    private String error;
    private long startedAt;
    private long updatedAt;

    JobView(String taskId, Side side) {
        this.taskId = taskId;
        this.side = side;
    }

    public String taskId() {
        return taskId;
    }

    public Side side() {
        return side;
    }

    public String connectorName() {
        return connectorName;
    }

    public String dataTopic() {
        return dataTopic;
    }

    /** The latest stage; null before the first event. */
    public Stage stage() {
        return stage;
    }

    public Long predictedTotal() {
        return predictedTotal;
    }

    public Long processed() {
        return processed;
    }

    public Long skipped() {
        return skipped;
    }

    public Long deadLettered() {
        return deadLettered;
    }

    public String nextIncrementValue() {
        return nextIncrementValue;
    }

    /** The 'error' event's description (stack trace included), or null. */
    public String error() {
        return error;
    }

    public long startedAt() {
        return startedAt;
    }

    public long updatedAt() {
        return updatedAt;
    }

    void apply(StatusEvent e) {
        if (e.stage() == Stage.START || startedAt == 0) {
            startedAt = e.timestamp();
        }
        if (e.stage() == Stage.START) {
            // A new run of the same job id starts from nothing.
            processed = 0L;
            error = null;
            skipped = null;
            deadLettered = null;
        }
        updatedAt = e.timestamp();
        stage = e.stage();
        connectorName = e.connectorName();
        dataTopic = e.dataTopicName() != null ? e.dataTopicName() : dataTopic;
        predictedTotal = e.predictedTotal() != null ? e.predictedTotal() : predictedTotalFrom(e);
        if (e.processed() != null) {
            processed = e.processed();
        } else if (e.stage() == Stage.END) {
            processed = leadingNumber(e.description());
        } else if (e.stage() == Stage.PROCESSING) {
            processed = leadingNumber(e.description());
        }
        if (e.skipped() != null) {
            skipped = e.skipped();
        }
        if (e.deadLettered() != null) {
            deadLettered = e.deadLettered();
        }
        if (e.nextIncrementValue() != null) {
            nextIncrementValue = e.nextIncrementValue();
        }
        if (e.stage() == Stage.ERROR) {
            error = e.description();
        }
    }

    private Long predictedTotalFrom(StatusEvent e) {
        // Older producers put the number in the description of 'start' only.
        return e.stage() == Stage.START ? leadingNumber(e.description()) : predictedTotal;
    }

    /** Events of older producers carry the counts only in {@code description} ("2000", "120/2000"). */
    static Long leadingNumber(String text) {
        if (text == null) {
            return null;
        }
        int end = 0;
        String t = text.trim();
        while (end < t.length() && Character.isDigit(t.charAt(end))) {
            end++;
        }
        return end == 0 ? null : Long.parseLong(t.substring(0, end));
    }

    public double progress() {
        if (stage == Stage.END) {
            return 1.0;
        }
        if (predictedTotal == null || predictedTotal <= 0 || processed == null) {
            return 0.0;
        }
        return Math.min(1.0, processed / (double) predictedTotal);
    }

    /** Records per second from the run's start to its last event. */
    public double rate() {
        long elapsed = updatedAt - startedAt;
        return processed == null || elapsed <= 0 ? 0.0 : processed * 1000.0 / elapsed;
    }
}
