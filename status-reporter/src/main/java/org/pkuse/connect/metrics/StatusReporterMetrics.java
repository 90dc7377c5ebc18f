package org.pkuse.connect.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link StatusReporterMetricsMXBean}, updated by the reporter's send paths. */
public final class StatusReporterMetrics implements StatusReporterMetricsMXBean {

    private final LongAdder sent = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder failures = new LongAdder();
    private volatile long outboxPending = -1;

    public void sending() {
        inFlight.incrementAndGet();
    }

    public void delivered() {
        inFlight.decrementAndGet();
        sent.increment();
    }

    /** A send that was waited for (never counted in flight) and acknowledged. */
    public void acknowledged() {
        sent.increment();
    }

    public void failed() {
        inFlight.decrementAndGet();
        failures.increment();
    }

    /** A send that was waited for and failed or timed out. */
    public void refused() {
        failures.increment();
    }

    public void outboxPending(long events) {
        outboxPending = events;
    }

    @Override
    public long getEventsSent() {
        return sent.sum();
    }

    @Override
    public long getEventsInFlight() {
        return Math.max(0, inFlight.get());
    }

    @Override
    public long getPublishFailures() {
        return failures.sum();
    }

    @Override
    public long getOutboxPending() {
        return outboxPending;
    }
}
