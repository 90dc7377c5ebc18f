package org.pkuse.connect.hbase.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pkuse.connect.common.run.RunOffset;
import org.pkuse.connect.common.source.SourceRun;
import org.pkuse.connect.hbase.HBaseSourceConfig;
import org.pkuse.connect.hbase.scan.ColumnResolver;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusReporter;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;

/** Runs against a real HBase table: what a failing row shows, and what a bad offset leaves behind. */
class SourceRunIT {

    private static final String MAPPING = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\","
            + "\"ispk\":\"1\"},{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"string\"},"
            + "{\"sourceFiled\":\"salary\",\"targetFiled\":\"salary\",\"fieldType\":\"bigint\"}]";

    private static HBaseCluster hbase;
    private static Connection connection;

    @BeforeAll
    static void table() throws Exception {
        hbase = TestKit.hbase();
        hbase.createTable("srun:people", List.of("d"), List.of("person-05"));
        List<HBaseCluster.Cell> cells = new ArrayList<>();
        for (int id = 1; id <= 9; id++) {
            String row = "person-0" + id;
            cells.add(HBaseCluster.Cell.text(row, "d", "id", Integer.toString(id)));
            cells.add(HBaseCluster.Cell.text(row, "d", "name", "n" + id));
            cells.add(HBaseCluster.Cell.text(row, "d", "salary", id == 6 ? "12k" : "100" + id));
        }
        hbase.put("srun:people", cells);
        connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(hbase.zkQuorum(),
                hbase.zkPort(), Map.of(), Duration.ofSeconds(60)));
    }

    @AfterAll
    static void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    private static Map<String, String> props(String job) {
        Map<String, String> c = new HashMap<>();
        c.put(HBaseSourceConfig.HBASE_IP, hbase.zkQuorum());
        c.put(HBaseSourceConfig.HBASE_PORT, Integer.toString(hbase.zkPort()));
        c.put(HBaseSourceConfig.NAMESPACE, "srun");
        c.put(HBaseSourceConfig.TABLE, "people");
        c.put(HBaseSourceConfig.MAPPING, MAPPING);
        c.put(HBaseSourceConfig.TASK_ID, job);
        c.put(StatusConfig.BROKER, ""); // status events off: these tests read the run's errors directly
        return c;
    }

    private static SourceRun.Setup setup(HBaseSourceConfig config) throws Exception {
        StatusConfig status = new StatusConfig(config, "srun");
        return new SourceRun.Setup(config, new HBaseRunSource(connection, config, ColumnResolver.resolve(connection,
                TableName.valueOf(config.qualifiedTable()), config.mappings(), config.columnsKey(), false)),
                new StatusReporter(status, "srun"), new StatusHistory(status, "srun"),
                RunOffset.partition(config.qualifiedTable(), config.jobId()),
                RunOffset.fingerprint(config.jobDefinition()), 0);
    }

    /** The failure of a run over the table (its 6th row holds salary '12k'), with its causes' traces. */
    private static String failure(Map<String, String> props) throws Exception {
        HBaseSourceConfig config = new HBaseSourceConfig(props);
        try (SourceRun run = SourceRun.begin(setup(config), 1, "")) {
            for (int polls = 0; polls < 100; polls++) {
                run.poll(3, 500);
            }
            throw new AssertionError("the run did not fail");
        } catch (ConnectException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return trace.toString();
        }
    }

    @Test
    @Timeout(120)
    void aBadValueNamesTheRowByPositionAndTheColumnFieldAndTypeButNotTheRowKeyOrValue() throws Exception {
        String failure = failure(props("srun-hidden"));
        assertThat(failure).contains("Job srun-hidden: cannot convert a value (errors.tolerance=none) in the row "
                        + "after record 5: Column d:salary (field salary, fieldType bigint), value hidden: cannot be "
                        + "read as bigint: not a whole number within the range of bigint; "
                        + "pkuse.errors.include.values=true shows the row key and value")
                .doesNotContain("12k").doesNotContain("person-06");
    }

    @Test
    @Timeout(120)
    void withIncludeValuesTheErrorShowsTheRowKeyAndValue() throws Exception {
        Map<String, String> props = props("srun-shown");
        props.put(HBaseSourceConfig.ERRORS_INCLUDE_VALUES, "true");
        assertThat(failure(props)).contains("Job srun-shown: cannot convert a value (errors.tolerance=none) in the "
                + "row after record 5: Row key 'person-06', column d:salary (field salary, fieldType bigint), value "
                + "'12k': cannot be read as bigint");
    }

    @Test
    @Timeout(120)
    void resumingFromAnOffsetThatCannotBeReadStartsNoScanThread() throws Exception {
        Map<String, String> props = props("srun-badoffset");
        props.put(HBaseSourceConfig.SYNC_TYPE, "2");
        props.put(HBaseSourceConfig.INCREMENT_FIELD, "id");
        HBaseSourceConfig config = new HBaseSourceConfig(props);
        RunOffset offset = new RunOffset(1, "srun-badoffset", System.currentTimeMillis(), "", 9,
                "person-03".getBytes(StandardCharsets.UTF_8), 3, 0, "not-a-number", false,
                RunOffset.fingerprint(config.jobDefinition()), 0, "");
        SourceRun.Setup setup = setup(config);
        assertThat(scanThreads("srun-badoffset")).isZero();

        assertThatThrownBy(() -> SourceRun.resume(setup, offset)).isInstanceOf(ConnectException.class)
                .hasMessage("The stored offset's next increment value cannot be read as int: not a whole number "
                        + "within the range of int");

        Thread.sleep(200); // a pool started by mistake would have its threads up by now
        assertThat(scanThreads("srun-badoffset")).as("scan threads left running").isZero();
    }

    private static long scanThreads(String job) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("pkuse-hbase-scan-" + job + "-")).count();
    }
}
