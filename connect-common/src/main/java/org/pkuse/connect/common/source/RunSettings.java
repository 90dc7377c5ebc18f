package org.pkuse.connect.common.source;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** A source connector's job options that its runs and its task read. Each source's config implements it. */
public interface RunSettings {

    /** Keys that run messages name. */
    String INCREMENT_FIELD = "pkuse.incrementreadfields";
    String LAST_INCREMENT_VALUE = "pkuse.lastincrementvalue";
    String ERRORS_INCLUDE_VALUES = "pkuse.errors.include.values";

    /** {@code pkuse.task.id}. */
    String jobId();

    /** What the job reads, as messages name it (a qualified table, or "query"). */
    String qualifiedTable();

    String topic();

    boolean emptyRunMarker();

    /** A schedule (interval or cron) is set: each run is its own job {@code <job>-<run>}. */
    boolean scheduled();

    Duration scheduleInterval();

    String scheduleCron();

    int scheduleMaxRuns();

    ZoneId zone();

    String lastIncrementValue();

    /** The option values that define the job's data: a stored offset of another definition is not resumed. */
    List<String> jobDefinition();

    /** Records per poll. */
    int batchSize();

    /** {@code pkuse.kafka.max.records.per.second}; 0 for no limit. */
    int maxRecordsPerSecond();

    /** How long a poll waits for rows before it returns none. */
    Duration idlePoll();

    /** Values may appear in messages ({@code pkuse.errors.include.values}). */
    boolean includeValues();

    /** {@code errors.tolerance=all}: rows whose values cannot be converted are skipped and counted. */
    boolean tolerateAll();
}
