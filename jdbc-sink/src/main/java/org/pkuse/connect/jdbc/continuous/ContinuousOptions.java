package org.pkuse.connect.jdbc.continuous;

import java.util.Locale;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.pkuse.connect.jdbc.JdbcSourceConfig;

/**
 * The keys of continuous mode, spelled as Confluent's JDBC source spells them, so that a config written for it runs
 * with only the connector class changed. They apply when the config has no {@code pkuse.task.id}.
 */
public final class ContinuousOptions {

    public static final String MODE = "mode";
    public static final String INCREMENTING_COLUMN = "incrementing.column.name";
    public static final String TIMESTAMP_COLUMN = "timestamp.column.name";
    public static final String TABLE_WHITELIST = "table.whitelist";
    public static final String TABLE_INCLUDE_LIST = "table.include.list";
    public static final String QUERY = "query";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String BATCH_MAX_ROWS = "batch.max.rows";
    public static final String TIMESTAMP_DELAY_MS = "timestamp.delay.interval.ms";

    /** The modes. */
    public enum Mode {
        BULK, INCREMENTING, TIMESTAMP, TIMESTAMP_INCREMENTING;

        public static Mode of(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('+', '_'));
        }

        boolean timestamped() {
            return this == TIMESTAMP || this == TIMESTAMP_INCREMENTING;
        }
    }

    private ContinuousOptions() {
    }

    public static int define(ConfigDef def, String group, int o) {
        def.define(MODE, Type.STRING, "", ConfigDef.CaseInsensitiveValidString.in("", "bulk", "incrementing",
                        "timestamp", "timestamp+incrementing"), Importance.HIGH,
                "Continuous mode (no pkuse.task.id): how each poll finds new rows. bulk: the whole table every poll; "
                        + "incrementing: rows whose " + INCREMENTING_COLUMN + " is above the last one sent (new rows, "
                        + "not updates); timestamp: rows whose " + TIMESTAMP_COLUMN + " is newer than the last one "
                        + "sent (new and updated rows); timestamp+incrementing: as timestamp, rows of one timestamp "
                        + "ordered by " + INCREMENTING_COLUMN + ". In every mode but bulk a restarted task resumes "
                        + "after the last row it sent.",
                group, ++o, Width.SHORT, "Mode");
        def.define(INCREMENTING_COLUMN, Type.STRING, "", Importance.MEDIUM,
                "mode=incrementing or timestamp+incrementing: the strictly increasing column (an auto-increment id).",
                group, ++o, Width.MEDIUM, "Incrementing column");
        def.define(TIMESTAMP_COLUMN, Type.LIST, "", Importance.MEDIUM,
                "mode=timestamp or timestamp+incrementing: the column holding each row's last change time (one "
                        + "column).",
                group, ++o, Width.MEDIUM, "Timestamp column");
        def.define(TABLE_WHITELIST, Type.LIST, "", new JdbcSourceConfig.TableNames(), Importance.HIGH,
                "The tables to copy (table, or database.table / schema.table), each to topic <" + TOPIC_PREFIX
                        + "><table>. The tables are shared among up to tasks.max tasks.",
                group, ++o, Width.LONG, "Tables");
        def.define(TABLE_INCLUDE_LIST, Type.LIST, "", new JdbcSourceConfig.TableNames(), Importance.HIGH,
                "The newer name of " + TABLE_WHITELIST + "; the two lists are joined.",
                group, ++o, Width.LONG, "Tables (include list)");
        def.define(QUERY, Type.STRING, "", Importance.LOW,
                "A custom SELECT read instead of a table, in both modes: its rows are read as a derived table "
                        + "(SELECT ... FROM (<query>) ... WHERE <bounds> ORDER BY ...), inside the run's read-only "
                        + "transaction. The topic is then the prefix alone (topic.prefix, or pkuse.kafka.topic.prefix "
                        + "in job mode). Job mode needs pkuse.jdbc.key.columns with it (a query has no primary key).",
                group, ++o, Width.LONG, "Query");
        def.define(TOPIC_PREFIX, Type.STRING, "", Importance.MEDIUM,
                "Continuous mode: prefix of each table's topic, <prefix><table>. The topic must exist, or the "
                        + "workers must create topics (topic.creation.enable and topic.creation.default.*).",
                group, ++o, Width.MEDIUM, "Topic prefix");
        def.define(POLL_INTERVAL_MS, Type.INT, 5000, Range.atLeast(1), Importance.MEDIUM,
                "Time between the starts of two queries of a table.",
                group, ++o, Width.SHORT, "Poll interval (ms)");
        def.define(BATCH_MAX_ROWS, Type.INT, 100, Range.between(1, 100_000), Importance.LOW,
                "Most rows returned by one poll().",
                group, ++o, Width.SHORT, "Rows per poll");
        def.define(TIMESTAMP_DELAY_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.LOW,
                "mode=timestamp: a query reads rows up to the server's clock minus this delay (as "
                        + "pkuse.jdbc.timestamp.delay.ms in job mode), leaving rows stamped later to the next one.",
                group, ++o, Width.SHORT, "Timestamp delay (ms)");
        return o;
    }
}
