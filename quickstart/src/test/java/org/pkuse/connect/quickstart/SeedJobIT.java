package org.pkuse.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.client.StatusFeed;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.TestKit;

/**
 * The field's daily job, end to end: the two seed configs from config-examples/ POSTed as they stand (addresses
 * pointed at the test kit), the table moved from HBase into MariaDB, and the scheduler's view of it.
 */
class SeedJobIT {

    private static final int ROWS = 2000;
    private static final String TOPIC = "default_test_employee01_2021_06_17";
    /** The seed sink's database ({@code jdbcsink_connector_001.json}). */
    private static final String DATABASE = "test03";

    @AfterEach
    void deleteConnectors() {
        TestKit.connect().rest().deleteConnector("hbasesource_connector_001");
        TestKit.connect().rest().deleteConnector("jdbcsink_connector_001");
    }

    @Test
    void seedConfigsMoveTheTableValueByValueAndTheJobEndsVisibly() throws Exception {
        ConnectCluster connect = TestKit.connect();
        HBaseCluster hbase = TestKit.hbase();
        MariaDbServer db = TestKit.mariaDb();
        SampleTable.load(hbase, Quickstart.TABLE, Quickstart.FAMILY, ROWS);
        db.recreateDatabase(DATABASE);
        connect.createTopicIfMissing("pkuse_status", 1);
        connect.createTopicIfMissing(TOPIC, 1);
        ExampleConfigs.Addresses local = new ExampleConfigs.Addresses(hbase.zkQuorum(), hbase.zkPort(),
                connect.bootstrapServers(), db.host() + ":" + db.port(), null);

        for (String file : List.of("hbasesource_connector_001.json", "jdbcsink_connector_001.json")) {
            ObjectNode request = ExampleConfigs.localize(ExampleConfigs.withLogin(ExampleConfigs.read(file),
                    db.user(), db.password()), local);
            assertThat(connect.rest().createConnector(request).status()).as(file).isEqualTo(201);
        }

        List<StatusEvent> events = jobEvents(connect, "100003");
        List<StatusEvent> source = events.stream().filter(e -> e.side() == Side.SOURCE).collect(Collectors.toList());
        List<StatusEvent> sink = events.stream().filter(e -> e.side() == Side.SINK).collect(Collectors.toList());
        assertLifecycle(source, "hbasesource_connector_001");
        assertLifecycle(sink, "jdbcsink_connector_001");

        assertThat(statusCliWait(connect.bootstrapServers(), "100003")).isZero();
        assertThat(tableRows(db)).isEqualTo(hbaseRows(hbase));
    }

    private static void assertLifecycle(List<StatusEvent> side, String connectorName) {
        assertThat(side).as(connectorName + " events").isNotEmpty();
        assertThat(side.get(0).stage()).isEqualTo(Stage.START);
        assertThat(side.get(0).description()).isEqualTo(Integer.toString(ROWS));
        assertThat(side.get(side.size() - 1).stage()).isEqualTo(Stage.END);
        assertThat(side.subList(1, side.size() - 1)).allMatch(e -> e.stage() == Stage.PROCESSING);
        StatusEvent end = side.get(side.size() - 1);
        assertThat(end.processed()).isEqualTo((long) ROWS);
        assertThat(end.description()).startsWith(Integer.toString(ROWS));
        assertThat(side).allSatisfy(e -> {
            assertThat(e.connectorName()).isEqualTo(connectorName);
            assertThat(e.taskId()).isEqualTo("100003");
            assertThat(e.dataTopicName()).isEqualTo(TOPIC);
        });
    }

    /** Reads the status topic until the sink's 'end' of the job, then a little longer to catch any duplicate. */
    private static List<StatusEvent> jobEvents(ConnectCluster connect, String taskId) {
        try (StatusFeed feed = new StatusFeed(connect.bootstrapServers(), Map.of("isolation.level", "read_committed"),
                "pkuse_status", true, Duration.ofSeconds(30))) {
            return feed.readUntil(read -> read.stream().anyMatch(e -> taskId.equals(e.taskId())
                            && e.side() == Side.SINK && (e.stage() == Stage.END || e.stage() == Stage.ERROR)),
                    Duration.ofMinutes(3), Duration.ofSeconds(3))
                    .stream().filter(e -> taskId.equals(e.taskId())).collect(Collectors.toList());
        }
    }

    /** The scheduler's call, through the real wrapper script of the distribution. */
    private static int statusCliWait(String bootstrap, String taskId) throws Exception {
        Path script = Path.of(System.getProperty("pkuse.project.dir"), "distribution/target/pkuse-status/bin/pkuse-status");
        Process p = new ProcessBuilder(script.toString(), "wait", "--task", taskId, "--timeout", "60s",
                "--bootstrap-server", bootstrap).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("job " + taskId + " ended: sink " + ROWS + " records");
        return p.exitValue();
    }

    private static SortedMap<Integer, List<Object>> hbaseRows(HBaseCluster hbase) {
        SortedMap<Integer, List<Object>> rows = new TreeMap<>();
        for (Map.Entry<String, Map<String, byte[]>> row : hbase.scan(Quickstart.TABLE, ROWS + 10).entrySet()) {
            Map<String, byte[]> cells = row.getValue();
            rows.put(Integer.parseInt(row.getKey()), List.of(text(cells, "info:name"), text(cells, "info:sex"),
                    Long.parseLong(text(cells, "info:salary"))));
        }
        return rows;
    }

    private static String text(Map<String, byte[]> cells, String column) {
        return new String(cells.get(column), StandardCharsets.UTF_8);
    }

    private static SortedMap<Integer, List<Object>> tableRows(MariaDbServer db) throws Exception {
        SortedMap<Integer, List<Object>> rows = new TreeMap<>();
        try (Connection c = db.connect(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, sex, salary FROM employee01_2021_06_17")) {
            while (rs.next()) {
                rows.put(rs.getInt("id"), List.of(rs.getString("name"), rs.getString("sex"), rs.getLong("salary")));
            }
        }
        return rows;
    }
}
