package org.pkuse.connect.jdbc.errors;

import java.time.Duration;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed write leads to: a retry after {@code retry.backoff.ms} while the database error is transient and
 * {@code max.retries} is not used up, else the task's failure. A successful write resets the count. What leaves
 * the task (its trace, the job's error event) holds no row values unless {@code pkuse.errors.include.values}.
 */
public final class FailurePolicy {

    private static final Logger log = LoggerFactory.getLogger(FailurePolicy.class);

    /** The exception to throw from the task, and whether it retries (after {@code backoffMs}) or fails the task. */
    public record Outcome(RuntimeException error, boolean retry, long backoffMs) {
    }

    private final int maxRetries;
    private final Duration backoff;
    private final ErrorText errorText;
    private final String target;
    private int consecutiveFailures;

    /** @param target the database as the failure message names it (a redacted URL) */
    public FailurePolicy(int maxRetries, Duration backoff, ErrorText errorText, String target) {
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.errorText = errorText;
        this.target = target;
    }

    /** A write went through: the next transient error starts a new count. */
    public void succeeded() {
        consecutiveFailures = 0;
    }

    public Outcome onFailure(Exception e) {
        if (e instanceof RetriableException re) {
            return new Outcome(re, true, 0);
        }
        if (SqlErrors.isTransient(e)) {
            consecutiveFailures++;
            if (consecutiveFailures <= maxRetries) {
                log.warn("transient database error (attempt {} of {}), retrying in {} ms: {}", consecutiveFailures,
                        maxRetries + 1, backoff.toMillis(), errorText.brief(e));
                return new Outcome(new RetriableException("Transient database error; retrying",
                        errorText.shown(e)), true, backoff.toMillis());
            }
            return new Outcome(new ConnectException("Database still failing after " + maxRetries + " retries ("
                    + target + ")", errorText.shown(e)), false, 0);
        }
        String message = e instanceof ConnectException ? errorText.text(e.getMessage())
                : "Writing failed: " + errorText.brief(e);
        Throwable cause = e instanceof ConnectException && e.getCause() != null ? e.getCause() : e;
        return new Outcome(new ConnectException(message, errorText.shown(cause)), false, 0);
    }
}
