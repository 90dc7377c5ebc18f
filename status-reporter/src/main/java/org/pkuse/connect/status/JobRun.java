package org.pkuse.connect.status;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status lifecycle of one run of one side of a job: one {@code start}, throttled {@code processing}, then
 * exactly one {@code end} or {@code error}. Once a run is finished every later call is ignored, so a caller cannot
 * send two terminal events, and cannot send one without a start (a run only exists once started or resumed).
 */
public final class JobRun {

    private static final Logger log = LoggerFactory.getLogger(JobRun.class);
    /** Stack traces are cut here so that one event stays far below a broker's message size limit. */
    static final int MAX_DESCRIPTION_CHARS = 32 * 1024;

    private enum State { RUNNING, ENDED, FAILED }

    private final StatusReporter reporter;
    private final Side side;
    private final String taskId;
    private final String dataTopic;
    private final Clock clock;
    private volatile long predictedTotal;
    private long lastProgressAt;
    private long lastProgressCount = -1;
    private volatile State state = State.RUNNING;

    private JobRun(StatusReporter reporter, Side side, String taskId, String dataTopic, long predictedTotal,
                   Clock clock) {
        this.reporter = reporter;
        this.side = side;
        this.taskId = taskId;
        this.dataTopic = dataTopic;
        this.predictedTotal = predictedTotal;
        this.clock = clock;
        this.lastProgressAt = clock.millis();
    }

    /** Starts a run and sends its {@code start} event, with the predicted total as description. */
    public static JobRun start(StatusReporter reporter, Side side, String taskId, String dataTopic,
                               long predictedTotal) {
        JobRun run = new JobRun(reporter, side, taskId, dataTopic, predictedTotal, Clock.systemUTC());
        reporter.publish(run.event(Stage.START, Long.toString(predictedTotal), null, null, null, null));
        log.info("Job {} ({} side, topic {}): start, predicted total {}", taskId, side.wireName(), dataTopic,
                predictedTotal);
        return run;
    }

    /** Continues a run whose {@code start} was sent before (by this task before a restart, or by another task). */
    public static JobRun resume(StatusReporter reporter, Side side, String taskId, String dataTopic,
                                long predictedTotal) {
        log.info("Job {} ({} side, topic {}): resumed", taskId, side.wireName(), dataTopic);
        return new JobRun(reporter, side, taskId, dataTopic, predictedTotal, Clock.systemUTC());
    }

    static JobRun startWithClock(StatusReporter reporter, Side side, String taskId, String dataTopic,
                                 long predictedTotal, Clock clock) {
        JobRun run = new JobRun(reporter, side, taskId, dataTopic, predictedTotal, clock);
        reporter.publish(run.event(Stage.START, Long.toString(predictedTotal), null, null, null, null));
        return run;
    }

    public String taskId() {
        return taskId;
    }

    public long predictedTotal() {
        return predictedTotal;
    }

    /** A sink learns the total only from the headers; it may correct it as they arrive. */
    public void predictedTotal(long total) {
        this.predictedTotal = total;
    }

    public boolean finished() {
        return state != State.RUNNING;
    }

    /** Sends a {@code processing} event at most once per {@code pkuse.status.interval.ms}. */
    public synchronized void progress(long processed) {
        if (state != State.RUNNING || processed == lastProgressCount) {
            return;
        }
        long now = clock.millis();
        if (now - lastProgressAt < reporter.config().interval().toMillis()) {
            return;
        }
        lastProgressAt = now;
        lastProgressCount = processed;
        reporter.publish(event(Stage.PROCESSING, processed + "/" + predictedTotal, processed, null, null, null));
    }

    /**
     * Ends the run and waits until the {@code end} event is acknowledged.
     *
     * @return false when the run had already ended or failed (nothing is sent)
     * @throws StatusPublishException when the event could not be delivered in time
     */
    public synchronized boolean end(RunOutcome outcome) {
        if (state != State.RUNNING) {
            log.debug("Job {}: end ignored, run already {}", taskId, state);
            return false;
        }
        state = State.ENDED;
        log.info("Job {} ({} side, topic {}): end, {}", taskId, side.wireName(), dataTopic, outcome.description());
        reporter.publishAndWait(event(Stage.END, outcome.description(), outcome.processed(), outcome.skipped(),
                outcome.deadLettered(), outcome.nextIncrementValue()));
        return true;
    }

    /**
     * Fails the run and waits until the {@code error} event is acknowledged. The description holds the message
     * and the stack trace, with secret-looking values masked.
     *
     * @return false when the run had already ended or failed (nothing is sent)
     */
    public synchronized boolean fail(String message, Throwable error, Long processed) {
        if (state != State.RUNNING) {
            log.debug("Job {}: error ignored, run already {}", taskId, state);
            return false;
        }
        state = State.FAILED;
        String description = describe(message, error);
        log.error("Job {} ({} side, topic {}): error: {}", taskId, side.wireName(), dataTopic, message);
        reporter.publishAndWait(event(Stage.ERROR, description, processed, null, null, null));
        return true;
    }

    static String describe(String message, Throwable error) {
        StringBuilder text = new StringBuilder(message == null ? "" : message);
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        String masked = SecretMask.mask(text.toString());
        return masked.length() <= MAX_DESCRIPTION_CHARS ? masked
                : masked.substring(0, MAX_DESCRIPTION_CHARS) + "\n... (cut)";
    }

    private StatusEvent event(Stage stage, String description, Long processed, Long skipped, Long deadLettered,
                              String nextIncrementValue) {
        return new StatusEvent(reporter.config().connectorName(), taskId, dataTopic, stage, description,
                clock.millis(), side, predictedTotal, processed, skipped, deadLettered, nextIncrementValue);
    }
}
