package org.pkuse.connect.common.run;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When the job's next run starts and where it reads from. A run starts at the previous run's start plus
 * {@code pkuse.schedule.interval.ms}, or at the next cron time after the previous start, whichever comes first;
 * without a schedule, or after {@code pkuse.schedule.max.runs}, there is no next run.
 */
public final class RunSchedule {

    private final CronSchedule cron;
    private final Duration interval;
    private final int maxRuns;
    private final ZoneId zone;
    private long nextRun = 1;
    private String nextFrom;
    private Instant nextRunAt;
    private Instant lastRunStart;

    /**
     * @param cron      cron expression, empty for none
     * @param interval  time between run starts, zero for none
     * @param maxRuns   runs after which there is no next one, 0 for no limit
     * @param zone      the zone the cron expression is read in
     * @param firstFrom lower bound of the first run ("" = beginning)
     */
    public RunSchedule(String cron, Duration interval, int maxRuns, ZoneId zone, String firstFrom) {
        this.cron = cron.isEmpty() ? null : CronSchedule.parse(cron);
        this.interval = interval;
        this.maxRuns = maxRuns;
        this.zone = zone;
        this.nextFrom = firstFrom;
        this.nextRunAt = Instant.now();
    }

    /** A run started at {@code at} (its upper time bound, for a run read back from its offset). */
    public void started(Instant at) {
        lastRunStart = at;
    }

    /** Run {@code run} finished; the next one starts from {@code next}. */
    public void finished(long run, String next) {
        nextRun = run + 1;
        nextFrom = next;
        if ((cron == null && interval.isZero()) || (maxRuns > 0 && run >= maxRuns)) {
            nextRunAt = null;
            return;
        }
        Instant base = lastRunStart == null ? Instant.now() : lastRunStart;
        Instant at = null;
        if (!interval.isZero()) {
            at = base.plus(interval);
        }
        if (cron != null) {
            Instant c = cron.next(ZonedDateTime.ofInstant(base, zone)).toInstant();
            at = at == null || c.isBefore(at) ? c : at;
        }
        nextRunAt = at;
    }

    public boolean due(Instant now) {
        return nextRunAt != null && !now.isBefore(nextRunAt);
    }

    /** How long to wait, at most {@code maxMs}, before the next run may be due. */
    public long waitMs(Instant now, long maxMs) {
        return nextRunAt == null ? maxMs : Math.max(1, Math.min(maxMs, Duration.between(now, nextRunAt).toMillis()));
    }

    public long nextRun() {
        return nextRun;
    }

    public String nextFrom() {
        return nextFrom;
    }

    @Override
    public String toString() {
        return nextRunAt == null ? "nothing left to do" : "next run " + nextRun + " at " + nextRunAt;
    }
}
