package org.pkuse.connect.status;

/**
 * What a run reports when it ends: the exact count, and what was left out.
 *
 * @param processed          records sent (source) or written (sink)
 * @param skipped            records left out by {@code errors.tolerance=all}, or null when not counted
 * @param deadLettered       records sent to the dead-letter queue, or null when not counted
 * @param nextIncrementValue for an incremental source run, the value to pass as {@code pkuse.lastincrementvalue}
 *                           next time; null otherwise
 */
public record RunOutcome(long processed, Long skipped, Long deadLettered, String nextIncrementValue) {

    public static RunOutcome of(long processed) {
        return new RunOutcome(processed, null, null, null);
    }

    public RunOutcome withSkipped(long count) {
        return new RunOutcome(processed, count, deadLettered, nextIncrementValue);
    }

    public RunOutcome withDeadLettered(long count) {
        return new RunOutcome(processed, skipped, count, nextIncrementValue);
    }

    public RunOutcome withNextIncrementValue(String value) {
        return new RunOutcome(processed, skipped, deadLettered, value);
    }

    /** The {@code description} of an 'end' event: the exact total first, so old readers can still parse it. */
    public String description() {
        StringBuilder text = new StringBuilder().append(processed);
        if (skipped != null && skipped > 0) {
            text.append(", skipped=").append(skipped);
        }
        if (deadLettered != null && deadLettered > 0) {
            text.append(", deadLettered=").append(deadLettered);
        }
        if (nextIncrementValue != null) {
            text.append(", lastincrementvalue=").append(nextIncrementValue);
        }
        return text.toString();
    }
}
