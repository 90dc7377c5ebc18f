package org.pkuse.connect.hbase.run;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

import org.pkuse.connect.hbase.HBaseSourceConfig;

/**
 * When the job's next run starts and where it reads from. A run starts at the previous run's start plus
 * {@code pkuse.schedule.interval.ms}, or at the next cron time after the previous start, whichever comes first;
 * without a schedule, or after {@code pkuse.schedule.max.runs}, there is no next run.
 */
public final class RunSchedule {

    private final HBaseSourceConfig config;
    private final CronSchedule cron;
    private long nextRun = 1;
    private String nextFrom;
    private Instant nextRunAt;
    private Instant lastRunStart;

    public RunSchedule(HBaseSourceConfig config) {
        this.config = config;
        this.cron = config.scheduleCron().isEmpty() ? null : CronSchedule.parse(config.scheduleCron());
        this.nextFrom = config.lastIncrementValue();
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
        if (!config.scheduled() || (config.scheduleMaxRuns() > 0 && run >= config.scheduleMaxRuns())) {
            nextRunAt = null;
            return;
        }
        Instant base = lastRunStart == null ? Instant.now() : lastRunStart;
        Instant at = null;
        if (!config.scheduleInterval().isZero()) {
            at = base.plus(config.scheduleInterval());
        }
        if (cron != null) {
            Instant c = cron.next(ZonedDateTime.ofInstant(base, config.zone())).toInstant();
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
