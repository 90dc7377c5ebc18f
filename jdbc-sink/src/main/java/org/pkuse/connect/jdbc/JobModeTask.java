package org.pkuse.connect.jdbc;

import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.common.source.JobSourceTask;
import org.pkuse.connect.common.source.RunSource;
import org.pkuse.connect.jdbc.connection.ConnectionPool;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.source.JdbcRunSource;
import org.pkuse.connect.jdbc.source.ReadSettings;
import org.pkuse.connect.status.Redactor;

/**
 * Job mode ({@code pkuse.task.id} set): runs the connector's job over a database table: each run counted and read in one snapshot, in key order
 * ({@link org.pkuse.connect.jdbc.source.TableRead}); runs, schedules, offsets and status events are
 * {@link JobSourceTask}'s, shared with the HBase source.
 */
final class JobModeTask extends JobSourceTask<JdbcSourceConfig> {

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    protected JdbcSourceConfig configure(Map<String, String> props) {
        return new JdbcSourceConfig(props);
    }

    @Override
    protected RunSource openSource(JdbcSourceConfig config) throws Exception {
        HikariDataSource pool = ConnectionPool.open(config, "pkuse-jdbc-source-" + config.jobId());
        return JdbcRunSource.open(pool, config.dialectName(), config.connectionUrl(),
                TableId.parse(config.qualifiedTable()), config.query(), config.keyColumns(),
                config.incremental() ? config.incrementColumns() : "", config.mappings(),
                new ReadSettings(config.fetchSize(), config.zone(), config.includeValues(), config.inflightWait(),
                        config.timestampDelay(), config.readRanges()));
    }

    @Override
    protected String describeSource(JdbcSourceConfig config) {
        return (config.query() != null ? "a query" : "table " + config.qualifiedTable()) + " at "
                + Redactor.redact(config.connectionUrl());
    }
}
