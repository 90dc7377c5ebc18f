package org.pkuse.connect.metrics;

/**
 * A task's status events ({@code type=status-reporter-metrics}): what reached the status topic, what waits, what
 * failed. An owed 'end' or 'error' is sent again until it is delivered, so failures can rise while nothing is lost.
 */
public interface StatusReporterMetricsMXBean {

    /** Events the status cluster acknowledged. */
    long getEventsSent();

    /** Events handed to the producer and not yet acknowledged or failed. */
    long getEventsInFlight();

    /** Sends that failed or timed out (each retry of an owed event counts). */
    long getPublishFailures();

    /** Events stored in the sink's outbox table and not yet published; -1 for a task without an outbox. */
    long getOutboxPending();
}
