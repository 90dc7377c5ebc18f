package org.pkuse.connect.common.source;

/**
 * {@code pkuse.kafka.max.records.per.second}: how many records a run may hand out so far, counted from its start
 * with one second's worth ahead, so a run keeps the rate on average without a burst above it.
 */
final class RunPace {

    private final int rate;
    private final int batchSize;
    private long startedNanos = System.nanoTime();
    private long sent;

    /** @param rate records per second, 0 or less for no limit */
    RunPace(int rate, int batchSize) {
        this.rate = rate;
        this.batchSize = batchSize;
    }

    /** A run starts (or resumes): counted from now. */
    void restart() {
        startedNanos = System.nanoTime();
        sent = 0;
    }

    void sent(int records) {
        sent += records;
    }

    /** How many records the next poll may return, at most a batch; 0: wait {@link #retryMs()} first. */
    int allowance() {
        if (rate <= 0) {
            return batchSize;
        }
        long elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
        long allowed = rate * (elapsedMs + 1000) / 1000 - sent;
        return allowed <= 0 ? 0 : (int) Math.min(batchSize, allowed);
    }

    /** How long to wait when none is allowed: about one record's time. */
    long retryMs() {
        return Math.max(1, 1000 / Math.max(1, rate));
    }
}
