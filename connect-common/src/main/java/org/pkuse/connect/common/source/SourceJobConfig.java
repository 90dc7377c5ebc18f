package org.pkuse.connect.common.source;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.pkuse.connect.common.run.CronSchedule;

/**
 * The job options every source of the bundle reads the same way (the platform's keys: job id, sync type, increment
 * field and value, topic prefix, batch size, schedule, errors), defined once here for each source's
 * {@link ConfigDef} and read by this base of each source's config.
 */
public abstract class SourceJobConfig extends AbstractConfig implements RunSettings {

    public static final String TASK_ID = "pkuse.task.id";
    public static final String SYNC_TYPE = "pkuse.datasyntype";
    public static final String TOPIC_PREFIX = "pkuse.kafka.topic.prefix";
    public static final String BATCH_SIZE = "pkuse.kafka.batch.size";
    public static final String MAX_RATE = "pkuse.kafka.max.records.per.second";
    public static final String EMPTY_RUN_MARKER = "pkuse.kafka.empty.run.marker";
    public static final String IDLE_POLL_MS = "pkuse.idle.poll.ms";
    public static final String SCHEDULE_INTERVAL_MS = "pkuse.schedule.interval.ms";
    public static final String SCHEDULE_CRON = "pkuse.schedule.cron";
    public static final String SCHEDULE_MAX_RUNS = "pkuse.schedule.max.runs";
    public static final String IS_FTP_FILE = "pkuse.isftpfile";
    public static final String DABOT_URL = "pkuse.daboturl";
    /** Connect's own key (not in the {@code ConfigDef}): {@code all} skips rows that cannot be converted. */
    public static final String ERRORS_TOLERANCE = "errors.tolerance";

    private final boolean tolerateAll;

    protected SourceJobConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props, false); // no value dump: the URL or passthrough keys may hold secrets
        this.tolerateAll = "all".equalsIgnoreCase(String.valueOf(props.getOrDefault(ERRORS_TOLERANCE, "none"))
                .trim());
    }

    /**
     * The job group: job id, sync type, increment field and last value.
     *
     * @return the last order number used in the group
     */
    public static int defineJob(ConfigDef def, String group, int o, String incrementFieldDoc, String lastValueDoc) {
        return defineJob(def, group, o, incrementFieldDoc, lastValueDoc, "");
    }

    /**
     * The job group, for a source that also runs without a job id: {@code withoutJobIdDoc} says what it does then
     * (empty: the job id is required).
     */
    public static int defineJob(ConfigDef def, String group, int o, String incrementFieldDoc, String lastValueDoc,
                                String withoutJobIdDoc) {
        String doc = "The job id: header taskId of every record and field taskId of every status event. With a "
                + "schedule, run n's job id is '<" + TASK_ID + ">-<n>'.";
        if (withoutJobIdDoc.isEmpty()) {
            def.define(TASK_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, doc, group, ++o, Width.MEDIUM, "Job id");
        } else {
            def.define(TASK_ID, Type.STRING, "", Importance.HIGH, doc + " " + withoutJobIdDoc, group, ++o,
                    Width.MEDIUM, "Job id");
        }
        def.define(SYNC_TYPE, Type.STRING, "1",
                ConfigDef.CaseInsensitiveValidString.in("1", "2", "full", "incremental"), Importance.HIGH,
                "1 (or 'full'): read the whole table (or row-key range). 2 (or 'incremental'): read what is newer "
                        + "than " + LAST_INCREMENT_VALUE + ".",
                group, ++o, Width.SHORT, "Sync type");
        def.define(INCREMENT_FIELD, Type.STRING, "", Importance.MEDIUM, incrementFieldDoc, group, ++o, Width.MEDIUM,
                "Increment field");
        def.define(LAST_INCREMENT_VALUE, Type.STRING, "", Importance.MEDIUM, lastValueDoc, group, ++o, Width.MEDIUM,
                "Last increment value");
        return o;
    }

    /** The Kafka group: topic prefix, batch size, rate limit, empty-run marker. */
    public static int defineKafka(ConfigDef def, String group, int o, String topicDoc) {
        def.define(TOPIC_PREFIX, Type.STRING, "", Importance.MEDIUM, topicDoc, group, ++o, Width.MEDIUM,
                "Topic prefix");
        def.define(BATCH_SIZE, Type.INT, 200, Range.between(1, 100_000), Importance.MEDIUM,
                "Most records returned by one poll().", group, ++o, Width.SHORT, "Batch size");
        def.define(MAX_RATE, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                "Most records sent per second (to spare a busy source or Kafka cluster). 0: no limit.",
                group, ++o, Width.SHORT, "Rate limit (records/s)");
        def.define(EMPTY_RUN_MARKER, Type.BOOLEAN, true, Importance.LOW,
                "Whether a run of 0 rows sends one marker record (no key, no value, job headers with predictedTotal "
                        + "0, currentIndex 0, isEnd true, and header pkuseMarker=emptyRun) so that the sink learns "
                        + "that the run ended: it sends its 'end' and, in overwrite mode, empties the table. Other "
                        + "sinks on the topic drop it with the Filter transform and the HasHeaderKey predicate on "
                        + "pkuseMarker. false: a 0-row run sends nothing, and only the source reports its end.",
                group, ++o, Width.SHORT, "Empty-run marker");
        return o;
    }

    public static int defineIdlePoll(ConfigDef def, String group, int o) {
        def.define(IDLE_POLL_MS, Type.LONG, 1000L, Range.between(10L, 60_000L), Importance.LOW,
                "Longest time poll() waits when there is nothing to send (between runs, after the last run).",
                group, ++o, Width.SHORT, "Idle wait (ms)");
        return o;
    }

    /** The schedule group; {@code zoneKey} is the key of the time zone cron times are in. */
    public static int defineSchedule(ConfigDef def, String group, int o, String zoneKey) {
        def.define(SCHEDULE_INTERVAL_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.MEDIUM,
                "Run periodically: time between run starts. 0 (and no cron): run once.",
                group, ++o, Width.SHORT, "Run interval (ms)");
        def.define(SCHEDULE_CRON, Type.STRING, "", new CronValidator(), Importance.MEDIUM,
                "Run periodically at the times of a 5-field cron expression (minute hour day-of-month month "
                        + "day-of-week; *, lists, ranges and /steps), in " + zoneKey + ". With an interval too, a run "
                        + "starts at whichever comes first.",
                group, ++o, Width.MEDIUM, "Cron");
        def.define(SCHEDULE_MAX_RUNS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                "With a schedule: stop after this many runs. 0: no limit.",
                group, ++o, Width.SHORT, "Most runs");
        return o;
    }

    /** The errors group: whether row values may appear in messages. */
    public static int defineErrors(ConfigDef def, String group, int o, String valuesDoc) {
        def.define(ERRORS_INCLUDE_VALUES, Type.BOOLEAN, false, Importance.LOW, valuesDoc, group, ++o, Width.SHORT,
                "Include values in errors");
        return o;
    }

    /** Keys the platform sends to every connector; accepted and not used. */
    public static int definePlatform(ConfigDef def, String group, int o) {
        def.define(IS_FTP_FILE, Type.STRING, "", Importance.LOW,
                "Platform setting of other connectors; accepted and not used.", group, ++o, Width.SHORT,
                "isftpfile");
        def.define(DABOT_URL, Type.STRING, "", Importance.LOW,
                "Platform setting of other connectors; accepted and not used.", group, ++o, Width.MEDIUM,
                "daboturl");
        return o;
    }

    @Override
    public String jobId() {
        return getString(TASK_ID).trim();
    }

    public boolean incremental() {
        String t = getString(SYNC_TYPE).trim().toLowerCase(Locale.ROOT);
        return t.equals("2") || t.equals("incremental");
    }

    public String incrementField() {
        return getString(INCREMENT_FIELD).trim();
    }

    @Override
    public String lastIncrementValue() {
        return getString(LAST_INCREMENT_VALUE).trim();
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX).trim();
    }

    @Override
    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    @Override
    public boolean emptyRunMarker() {
        return getBoolean(EMPTY_RUN_MARKER);
    }

    @Override
    public int maxRecordsPerSecond() {
        return getInt(MAX_RATE);
    }

    @Override
    public Duration idlePoll() {
        return Duration.ofMillis(getLong(IDLE_POLL_MS));
    }

    @Override
    public Duration scheduleInterval() {
        return Duration.ofMillis(getLong(SCHEDULE_INTERVAL_MS));
    }

    @Override
    public String scheduleCron() {
        return getString(SCHEDULE_CRON).trim();
    }

    @Override
    public boolean scheduled() {
        return !scheduleInterval().isZero() || !scheduleCron().isEmpty();
    }

    @Override
    public int scheduleMaxRuns() {
        return getInt(SCHEDULE_MAX_RUNS);
    }

    @Override
    public boolean includeValues() {
        return getBoolean(ERRORS_INCLUDE_VALUES);
    }

    @Override
    public boolean tolerateAll() {
        return tolerateAll;
    }

    /** Empty, or a cron expression {@link CronSchedule} reads. */
    public static final class CronValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : ((String) value).trim();
            if (!text.isEmpty()) {
                try {
                    CronSchedule.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "empty, or a 5-field cron expression";
        }
    }
}
