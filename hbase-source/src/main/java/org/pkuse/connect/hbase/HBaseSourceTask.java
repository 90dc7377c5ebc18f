package org.pkuse.connect.hbase;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.common.source.JobSourceTask;
import org.pkuse.connect.common.source.RunSource;
import org.pkuse.connect.hbase.mapping.ResolvedColumn;
import org.pkuse.connect.hbase.run.HBaseRunSource;
import org.pkuse.connect.hbase.scan.ColumnResolver;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;

/**
 * Runs the connector's job over an HBase table: each run read with parallel region scans and sent in row-key order
 * ({@link org.pkuse.connect.hbase.run.RunPlan}); runs, schedules, offsets and status events are
 * {@link JobSourceTask}'s, shared with every source of the bundle.
 */
public class HBaseSourceTask extends JobSourceTask<HBaseSourceConfig> {

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    protected HBaseSourceConfig configure(Map<String, String> props) {
        return new HBaseSourceConfig(props);
    }

    @Override
    protected RunSource openSource(HBaseSourceConfig config) throws Exception {
        Connection connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(
                config.zkQuorum(), config.zkPort(), config.clientOverrides(), Duration.ofSeconds(120)));
        try {
            List<ResolvedColumn> columns = ColumnResolver.resolve(connection, TableName.valueOf(
                    config.qualifiedTable()), config.mappings(), config.columnsKey(), false);
            return new HBaseRunSource(connection, config, columns);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    protected String describeSource(HBaseSourceConfig config) {
        return "HBase table " + config.qualifiedTable() + " at " + config.zkQuorum() + ":" + config.zkPort();
    }
}
