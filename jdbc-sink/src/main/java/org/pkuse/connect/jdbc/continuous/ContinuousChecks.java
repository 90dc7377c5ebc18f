package org.pkuse.connect.jdbc.continuous;

import static org.pkuse.connect.common.config.ConfigErrors.addError;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.pkuse.connect.jdbc.JdbcSourceConfig;
import org.pkuse.connect.jdbc.continuous.ContinuousOptions.Mode;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.source.SourceTable;

/** Validation of a continuous-mode config: between its keys, then against the database. */
public final class ContinuousChecks {

    private ContinuousChecks() {
    }

    /** The keys' rules; each message goes on the key it concerns. False when the database need not be asked. */
    public static boolean check(JdbcSourceConfig config, Map<String, ConfigValue> values) {
        String modeText = config.modeText();
        if (modeText.isEmpty()) {
            String msg = "Without " + JdbcSourceConfig.TASK_ID + " the connector runs in continuous mode, which "
                    + "needs " + ContinuousOptions.MODE + " (bulk, incrementing or timestamp); a platform job needs "
                    + JdbcSourceConfig.TASK_ID;
            addError(values, ContinuousOptions.MODE, msg);
            addError(values, JdbcSourceConfig.TASK_ID, msg);
            return false;
        }
        boolean ok = true;
        Mode mode = config.mode();
        if (config.query() != null && !config.continuousTables().isEmpty()) {
            addError(values, ContinuousOptions.QUERY, "name either tables (" + ContinuousOptions.TABLE_WHITELIST
                    + ") or a query, not both");
            ok = false;
        }
        if (config.query() != null && config.getString(ContinuousOptions.TOPIC_PREFIX).isBlank()) {
            addError(values, ContinuousOptions.TOPIC_PREFIX, "With " + ContinuousOptions.QUERY + ", "
                    + ContinuousOptions.TOPIC_PREFIX + " is the whole topic name: it must not be empty");
            ok = false;
        }
        if (config.query() == null && config.continuousTables().isEmpty()) {
            addError(values, ContinuousOptions.TABLE_WHITELIST, "Continuous mode needs "
                    + ContinuousOptions.TABLE_WHITELIST + " (or " + ContinuousOptions.TABLE_INCLUDE_LIST
                    + ", or a " + ContinuousOptions.QUERY + "): the tables to copy");
            ok = false;
        }
        if (!config.getString(JdbcSourceConfig.MAPPING).isBlank()) {
            addError(values, JdbcSourceConfig.MAPPING, JdbcSourceConfig.MAPPING + " is a job-mode key (with "
                    + JdbcSourceConfig.TASK_ID + "); continuous mode sends every column under its own name");
            ok = false;
        }
        if (!config.getString(JdbcSourceConfig.TABLE).isBlank()) {
            addError(values, JdbcSourceConfig.TABLE, JdbcSourceConfig.TABLE + " is a job-mode key (with "
                    + JdbcSourceConfig.TASK_ID + "); in continuous mode name the tables in "
                    + ContinuousOptions.TABLE_WHITELIST);
            ok = false;
        }
        if ((mode == Mode.INCREMENTING || mode == Mode.TIMESTAMP_INCREMENTING)
                && config.incrementingColumn().isEmpty()) {
            addError(values, ContinuousOptions.INCREMENTING_COLUMN, "mode=" + modeText + " needs "
                    + ContinuousOptions.INCREMENTING_COLUMN + ": the strictly increasing column");
            ok = false;
        }
        if (mode.timestamped() && config.timestampColumns().size() != 1) {
            addError(values, ContinuousOptions.TIMESTAMP_COLUMN, "mode=" + modeText + " needs exactly one column in "
                    + ContinuousOptions.TIMESTAMP_COLUMN + " (several, read as their COALESCE, are not supported)");
            ok = false;
        }
        return ok;
    }

    /** The mode's increment columns, as {@link SourceTable#resolve} takes them: "", "id", "ts" or "ts,id". */
    static String incrementField(JdbcSourceConfig config) {
        return switch (config.mode()) {
            case BULK -> "";
            case INCREMENTING -> config.incrementingColumn();
            case TIMESTAMP -> config.timestampColumns().get(0);
            case TIMESTAMP_INCREMENTING -> config.timestampColumns().get(0) + "," + config.incrementingColumn();
        };
    }

    /** Every table exists and has the mode's column. */
    public static void checkTables(JdbcSourceConfig config, Connection conn, DatabaseDialect dialect,
                                   Map<String, ConfigValue> values) throws SQLException {
        String column = incrementField(config);
        String columnKey = config.mode() == Mode.INCREMENTING ? ContinuousOptions.INCREMENTING_COLUMN
                : ContinuousOptions.TIMESTAMP_COLUMN;
        if (config.query() != null) {
            try {
                SourceTable.resolveQuery(conn, dialect, config.query(), List.of(), column, false);
            } catch (IllegalArgumentException e) {
                addError(values, e.getMessage().contains("increment column") ? columnKey : ContinuousOptions.QUERY,
                        e.getMessage());
            }
        }
        for (String name : config.continuousTables()) {
            TableId id = SourceTable.qualified(conn, dialect, TableId.parse(config.qualify(name)));
            try {
                SourceTable.resolve(conn, dialect, id, List.of(), column,
                        false);
            } catch (IllegalArgumentException e) {
                addError(values, e.getMessage().contains("increment column") ? columnKey
                        : ContinuousOptions.TABLE_WHITELIST, e.getMessage());
            }
        }
    }
}
