package org.pkuse.connect.hbase.run;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.hbase.client.Connection;
import org.pkuse.connect.common.source.RunReading;
import org.pkuse.connect.common.source.RunSource;
import org.pkuse.connect.hbase.mapping.ResolvedColumn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An HBase table as a job's runs read it: each run a {@link RunPlan} over the table's regions. */
public final class HBaseRunSource implements RunSource {

    private static final Logger log = LoggerFactory.getLogger(HBaseRunSource.class);

    private final Connection connection;
    private final RunOptions config;
    private final List<ResolvedColumn> columns;

    /** @param connection closed with this source */
    public HBaseRunSource(Connection connection, RunOptions config, List<ResolvedColumn> columns) {
        this.connection = connection;
        this.config = config;
        this.columns = columns;
    }

    @Override
    public RunReading plan(String from, long upTo, String bound, byte[] after) throws Exception {
        return RunPlan.of(connection, config, columns, from, upTo, after);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            log.warn("Closing the HBase connection failed: {}", e.toString());
        }
    }
}
