package org.pkuse.connect.status;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status lifecycle of one run of one side of a job: one {@code start}, throttled {@code processing}, then
 * exactly one {@code end} or {@code error}. Once a run is finished every later call is ignored, so a caller cannot
 * send two terminal events, and cannot send one without a start.
 *
 * <p>{@code start}, {@code end} and {@code error} are owed until the status cluster acknowledges them: a failed send
 * keeps the event, and {@link #deliver()} tries again, in order, for as long as the caller keeps calling it. Before a
 * second attempt of an event it looks for the event's stable id on the topic ({@link StatusHistory}), since a send
 * that timed out may still have landed. A run opened with {@link #open} first reads what the topic holds of it, so a
 * restarted task neither repeats a {@code start} nor sends anything for a run that has finished.
 */
public final class JobRun {

    private static final Logger log = LoggerFactory.getLogger(JobRun.class);
    /** Stack traces are cut here so that one event stays far below a broker's message size limit. */
    static final int MAX_DESCRIPTION_CHARS = 32 * 1024;

    private enum State { RUNNING, ENDED, FAILED }

    /** An event the status cluster has not acknowledged yet; {@code tried}: a send was attempted before. */
    private static final class Owed {
        final StatusEvent event;
        boolean tried;

        Owed(StatusEvent event) {
            this.event = event;
        }
    }

    private final StatusReporter reporter;
    private final StatusHistory history;
    private final Side side;
    private final String taskId;
    private final String dataTopic;
    private final long rerun;
    private final Clock clock;
    private final Deque<Owed> owed = new ArrayDeque<>();
    private volatile long predictedTotal;
    private long lastProgressAt;
    private long lastProgressCount = -1;
    private volatile State state = State.RUNNING;
    private StatusEvent finalEvent;

    private JobRun(StatusReporter reporter, StatusHistory history, Side side, String taskId, long rerun,
                   String dataTopic, long predictedTotal, Clock clock) {
        this.rerun = rerun;
        this.reporter = reporter;
        this.history = history;
        this.side = side;
        this.taskId = taskId;
        this.dataTopic = dataTopic;
        this.predictedTotal = predictedTotal;
        this.clock = clock;
        this.lastProgressAt = clock.millis();
    }

    /**
     * Opens a run as the status topic knows it: finished before (its {@code end} or {@code error} is there; see
     * {@link #finishedBefore()}), started before (no second {@code start}), or new (its {@code start} is sent).
     *
     * @throws StatusPublishException when the status topic cannot be read; try again later
     */
    public static JobRun open(StatusReporter reporter, StatusHistory history, Side side, String taskId,
                              String dataTopic, long predictedTotal) {
        return open(reporter, history, side, taskId, 0, dataTopic, predictedTotal);
    }

    /** As {@link #open(StatusReporter, StatusHistory, Side, String, String, long)}, for rerun {@code rerun}. */
    public static JobRun open(StatusReporter reporter, StatusHistory history, Side side, String taskId, long rerun,
                              String dataTopic, long predictedTotal) {
        return open(reporter, history, history.eventsOf(taskId), side, taskId, rerun, dataTopic, predictedTotal);
    }

    /** As the method above, with the job's events already read ({@link StatusHistory#eventsOfMeanwhile}). */
    public static JobRun open(StatusReporter reporter, StatusHistory history, List<StatusEvent> events, Side side,
                              String taskId, long rerun, String dataTopic, long predictedTotal) {
        JobRun run = new JobRun(reporter, history, side, taskId, rerun, dataTopic, predictedTotal,
                Clock.systemUTC());
        String connector = reporter.config().connectorName();
        StatusEvent end = StatusHistory.find(events, StatusEvent.idOf(side, connector, taskId, rerun, Stage.END));
        StatusEvent error = StatusHistory.find(events, StatusEvent.idOf(side, connector, taskId, rerun,
                Stage.ERROR));
        if (end != null || error != null) {
            run.finishedBefore(end != null ? end : error);
        } else if (StatusHistory.contains(events, StatusEvent.idOf(side, connector, taskId, rerun, Stage.START))) {
            log.info("Job {} ({} side, topic {}): started before, continuing", taskId, side.wireName(), dataTopic);
        } else {
            run.owe(run.event(Stage.START, Long.toString(predictedTotal), null, null, null, null));
            log.info("Job {} ({} side, topic {}): start, predicted total {}", taskId, side.wireName(), dataTopic,
                    predictedTotal);
            run.deliver();
        }
        return run;
    }

    private void finishedBefore(StatusEvent last) {
        finalEvent = last;
        state = last.stage() == Stage.END ? State.ENDED : State.FAILED;
        log.info("Job {} ({} side, topic {}): finished before with '{}'; nothing more is sent for this run", taskId,
                side.wireName(), dataTopic, last.stage().wireName());
    }

    /** Starts a run without looking at the topic first and sends its {@code start} event. */
    public static JobRun start(StatusReporter reporter, Side side, String taskId, String dataTopic,
                               long predictedTotal) {
        JobRun run = new JobRun(reporter, null, side, taskId, 0, dataTopic, predictedTotal, Clock.systemUTC());
        run.owe(run.event(Stage.START, Long.toString(predictedTotal), null, null, null, null));
        log.info("Job {} ({} side, topic {}): start, predicted total {}", taskId, side.wireName(), dataTopic,
                predictedTotal);
        run.deliver();
        return run;
    }

    /** Continues a run whose {@code start} was sent before (by this task before a restart, or by another task). */
    public static JobRun resume(StatusReporter reporter, Side side, String taskId, String dataTopic,
                                long predictedTotal) {
        log.info("Job {} ({} side, topic {}): resumed", taskId, side.wireName(), dataTopic);
        return new JobRun(reporter, null, side, taskId, 0, dataTopic, predictedTotal, Clock.systemUTC());
    }

    static JobRun startWithClock(StatusReporter reporter, Side side, String taskId, String dataTopic,
                                 long predictedTotal, Clock clock) {
        JobRun run = new JobRun(reporter, null, side, taskId, 0, dataTopic, predictedTotal, clock);
        run.owe(run.event(Stage.START, Long.toString(predictedTotal), null, null, null, null));
        run.deliver();
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

    /** {@code end} or {@code error} when the status topic held the run's final event before it was opened. */
    public Stage finishedBefore() {
        return finalEvent == null ? null : finalEvent.stage();
    }

    /** The run's final event as the status topic held it when the run was opened; null if it had none. */
    public StatusEvent finalEvent() {
        return finalEvent;
    }

    /** Every owed event is acknowledged. */
    public synchronized boolean delivered() {
        return owed.isEmpty();
    }

    /** Sends a {@code processing} event at most once per {@code pkuse.status.interval.ms}, never ahead of an owed one. */
    public synchronized void progress(long processed) {
        if (state != State.RUNNING || processed == lastProgressCount || !owed.isEmpty()) {
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
     * Ends the run: its {@code end} event is owed and sent now; see {@link #delivered()} and {@link #deliver()}.
     *
     * @return false when the run had already ended or failed (nothing is sent)
     */
    public synchronized boolean end(RunOutcome outcome) {
        if (state != State.RUNNING) {
            log.debug("Job {}: end ignored, run already {}", taskId, state);
            return false;
        }
        state = State.ENDED;
        log.info("Job {} ({} side, topic {}): end, {}", taskId, side.wireName(), dataTopic, outcome.description());
        owe(event(Stage.END, outcome.description(), outcome.processed(), outcome.skipped(), outcome.deadLettered(),
                outcome.nextIncrementValue()));
        deliver();
        return true;
    }

    /**
     * Fails the run: its {@code error} event (message and stack trace, secret-looking values masked) is owed and
     * sent now; see {@link #delivered()} and {@link #deliver()}.
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
        log.error("Job {} ({} side, topic {}): error: {}", taskId, side.wireName(), dataTopic,
                Redactor.redact(String.valueOf(message)));
        owe(event(Stage.ERROR, description, processed, null, null, null));
        deliver();
        return true;
    }

    /**
     * Sends the owed events in order, each waiting for its acknowledgement (at most {@code pkuse.status.timeout.ms}).
     *
     * @return true when nothing is owed any more; false when the status cluster did not take an event (it stays
     *         owed, and the failure is logged)
     */
    public synchronized boolean deliver() {
        while (!owed.isEmpty()) {
            Owed next = owed.peekFirst();
            try {
                if (next.tried && history != null && StatusHistory.contains(history.eventsOf(taskId),
                        next.event.eventId())) {
                    log.info("Job {}: the '{}' event of an earlier attempt is on the status topic already", taskId,
                            next.event.stage().wireName());
                } else {
                    next.tried = true;
                    reporter.publishAndWait(next.event);
                }
                owed.pollFirst();
            } catch (StatusPublishException e) {
                log.warn("Job {}: the '{}' event is not delivered yet; it is sent again later", taskId,
                        next.event.stage().wireName());
                return false;
            }
        }
        return true;
    }

    private void owe(StatusEvent event) {
        owed.addLast(new Owed(event.withEventId(StatusEvent.idOf(side, event.connectorName(), taskId, rerun,
                event.stage()))));
    }

    /** A message and its stack trace, secret-looking values masked, cut to stay far below a message size limit. */
    public static String describe(String message, Throwable error) {
        StringBuilder text = new StringBuilder(message == null ? "" : message);
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        String masked = Redactor.redact(text.toString());
        return masked.length() <= MAX_DESCRIPTION_CHARS ? masked
                : masked.substring(0, MAX_DESCRIPTION_CHARS) + "\n... (cut)";
    }

    private StatusEvent event(Stage stage, String description, Long processed, Long skipped, Long deadLettered,
                              String nextIncrementValue) {
        return new StatusEvent(reporter.config().connectorName(), taskId, dataTopic, stage, description,
                clock.millis(), side, predictedTotal, processed, skipped, deadLettered, nextIncrementValue, null,
                rerun == 0 ? null : rerun);
    }
}
