package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.FreePort;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.ProcessConnectCluster;
import org.pkuse.connect.testkit.TestKit;

/**
 * The connectors' MBeans read over JMX from a worker in its own JVM, as an operator's JMX client or the Prometheus
 * exporter reads them (the worker started with {@code -Dcom.sun.management.jmxremote.port}): the seed job from HBase
 * into MariaDB, held to 600 records/s so that it is seen running, then ended; the values against the job's rows.
 * A task restart leaves one MBean per task, and a deleted connector leaves none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskMetricsIT {

    private static final int ROWS = 3000;
    private static final String JOB = "metrics-job-1";
    private static final String SOURCE = "metrics-source";
    private static final String SINK = "metrics-sink";
    private static final String TABLE = "metrics_emp";
    private static final String TOPIC = "metrics_default_" + TABLE;
    private static final String DATABASE = "metrics_db";

    private final TargetDatabase db = TargetDatabase.mariaDb();
    private ProcessConnectCluster connect;
    private JMXConnector jmx;
    private MBeanServerConnection mbeans;
    private int exporterPort;

    @BeforeAll
    void start() throws Exception {
        HBaseCluster hbase = TestKit.hbase();
        hbase.createTable("default:" + TABLE, List.of("info"), List.of("2", "5", "8"));
        hbase.generateEmployees("default:" + TABLE, "info", 1, ROWS, false, List.of("name", "sex", "salary"));
        int port = FreePort.find();
        exporterPort = FreePort.find();
        Path rules = Path.of(System.getProperty("pkuse.project.dir"), "config-examples/monitoring/pkuse-jmx-exporter.yml");
        // What an operator sets (KAFKA_JMX_OPTS and KAFKA_OPTS in Kafka's scripts): remote JMX, and Prometheus' JMX
        // exporter agent with our rules file. JDK_JAVA_OPTIONS reaches the worker's java.
        connect = ProcessConnectCluster.builder().workers(1).workerEnv("JDK_JAVA_OPTIONS", String.join(" ",
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-javaagent:" + System.getProperty("pkuse.jmx.exporter.agent") + "=127.0.0.1:" + exporterPort + ":"
                        + rules))
                .start();
        connect.createTopic(JdbcSinkTestSupport.STATUS_TOPIC, 1);
        connect.createTopic(TOPIC, 1);
        db.recreate(DATABASE);
        jmx = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port
                + "/jmxrmi"));
        mbeans = jmx.getMBeanServerConnection();
    }

    @AfterAll
    void stop() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    void theJobIsWatchedOverJmxAndItsMBeansGoWithItsConnectors() throws Exception {
        Map<String, String> sink = JdbcSinkTestSupport.sinkConfig(db, DATABASE, TOPIC, "employee");
        sink.put("org.pkuse.kafka.broker", connect.bootstrapServers());
        sink.put("pk.mode", "record_value");
        sink.put("pk.fields", "id");
        sink.put("insert.mode", "upsert");
        sink.put("batch.size", "500");
        sink.put("pkuse.task.id", JOB);
        connect.rest().createConnector(SINK, sink);
        connect.awaitRunning(SINK, 1, Duration.ofSeconds(60));

        Map<String, String> source = ExampleConfigs.seedSource(TestKit.hbase().zkQuorum(), TestKit.hbase().zkPort(),
                connect.bootstrapServers());
        source.put("pkuse.connector.name", SOURCE);
        source.put("pkuse.kafka.topic.prefix", "metrics_");
        source.put("pkuse.hbase.table.name", TABLE);
        source.put("pkuse.task.id", JOB);
        source.put("pkuse.kafka.max.records.per.second", "600");
        connect.rest().createConnector(SOURCE, source);

        ObjectName sourceTask = name("source-task-metrics", SOURCE, null);
        ObjectName sinkTask = name("sink-task-metrics", SINK, null);
        ObjectName sinkJob = name("sink-job-metrics", SINK, JOB);

        // While the job runs: the source's run and the sink's open job, each behind what the job will reach.
        awaitTrue("the source running and the sink's job open", () -> mbeans.isRegistered(sourceTask)
                && "running".equals(get(sourceTask, "RunState")) && (long) get(sourceTask, "CurrentIndex") > 0
                && mbeans.isRegistered(sinkJob) && (long) get(sinkJob, "Committed") > 0);
        assertThat(get(sourceTask, "JobId")).isEqualTo(JOB);
        assertThat(get(sourceTask, "PredictedTotal")).isEqualTo((long) ROWS);
        assertThat((long) get(sourceTask, "CurrentIndex")).isBetween(1L, ROWS - 1L);
        assertThat((long) get(sourceTask, "RecordsSent")).isLessThanOrEqualTo((long) get(sourceTask, "RowsRead"));
        assertThat(get(sinkTask, "JobsOpen")).isEqualTo(1);
        assertThat(get(sinkJob, "JobId")).isEqualTo(JOB);
        assertThat(get(sinkJob, "Topic")).isEqualTo(TOPIC);
        assertThat(get(sinkJob, "PredictedTotal")).isEqualTo((long) ROWS);
        long committed = (long) get(sinkJob, "Committed");
        assertThat(committed).isBetween(1L, ROWS - 1L);
        // What the sink counts as committed is in the table.
        assertThat(JdbcSinkTestSupport.countRows(db, DATABASE, "employee")).isGreaterThanOrEqualTo(committed);
        // The open job as Prometheus scrapes it through config-examples' rules.
        assertThat(scraped("pkuse_connect_sink_job_predicted_records", SINK, JOB)).isEqualTo(ROWS);
        assertThat(scraped("pkuse_connect_sink_job_committed", SINK, JOB)).isBetween(1.0, (double) ROWS);

        List<StatusEvent> events = JdbcSinkTestSupport.awaitBothEnded(connect.bootstrapServers(), JOB);
        assertThat(events).filteredOn(e -> e.stage() == Stage.END).extracting(StatusEvent::side)
                .containsExactlyInAnyOrder(Side.SOURCE, Side.SINK);
        assertThat(JdbcSinkTestSupport.countRows(db, DATABASE, "employee")).isEqualTo(ROWS);

        awaitTrue("the source's run ended", () -> "ended".equals(get(sourceTask, "RunState")));
        assertThat(get(sourceTask, "RecordsSent")).isEqualTo((long) ROWS);
        assertThat(get(sourceTask, "RowsRead")).isEqualTo((long) ROWS);
        assertThat(get(sourceTask, "RowsSkipped")).isEqualTo(0L);
        assertThat(get(sourceTask, "CurrentIndex")).isEqualTo((long) ROWS);
        assertThat(get(sourceTask, "RunsEnded")).isEqualTo(1L);
        assertThat(get(sourceTask, "RunsFailed")).isEqualTo(0L);
        assertThat(get(sourceTask, "ScanThreadsBusy")).isEqualTo(0);
        assertThat(get(sourceTask, "LastError")).isEqualTo("");

        awaitTrue("the sink's job ended", () -> (long) get(sinkTask, "JobsEnded") == 1);
        assertThat(mbeans.isRegistered(sinkJob)).as("an ended job's MBean is gone").isFalse();
        assertThat(get(sinkTask, "JobsOpen")).isEqualTo(0);
        assertThat(get(sinkTask, "JobsFailed")).isEqualTo(0L);
        assertThat(get(sinkTask, "RecordsUpserted")).isEqualTo((long) ROWS);
        assertThat(get(sinkTask, "RecordsInserted")).isEqualTo(0L);
        assertThat(get(sinkTask, "RecordsDeleted")).isEqualTo(0L);
        assertThat(get(sinkTask, "RecordsDeadLettered")).isEqualTo(0L);
        assertThat((long) get(sinkTask, "Batches")).isBetween(ROWS / 500L, (long) ROWS);
        assertThat((double) get(sinkTask, "FlushLatencyMaxMs")).isGreaterThan(0.0)
                .isGreaterThanOrEqualTo((double) get(sinkTask, "FlushLatencyAvgMs"));
        assertThat(get(sinkTask, "Retries")).isEqualTo(0L);
        assertThat(get(sinkTask, "DatabaseConnected")).isEqualTo(true);

        // start, processing..., end of each side went out; none failed; the sink's outbox is empty.
        ObjectName sourceReporter = name("status-reporter-metrics", SOURCE, null);
        ObjectName sinkReporter = name("status-reporter-metrics", SINK, null);
        awaitTrue("the status events sent", () -> (long) get(sourceReporter, "EventsSent") >= 2
                && (long) get(sinkReporter, "EventsSent") >= 2 && (long) get(sinkReporter, "OutboxPending") == 0);
        assertThat(get(sourceReporter, "PublishFailures")).isEqualTo(0L);
        assertThat(get(sinkReporter, "PublishFailures")).isEqualTo(0L);
        assertThat(get(sourceReporter, "OutboxPending")).isEqualTo(-1L);

        // The same through the exporter: counters, gauges and booleans as numbers.
        assertThat(scraped("pkuse_connect_source_task_records_sent_total", SOURCE, null)).isEqualTo(ROWS);
        assertThat(scraped("pkuse_connect_source_task_current_index", SOURCE, null)).isEqualTo(ROWS);
        assertThat(scraped("pkuse_connect_source_task_predicted_records", SOURCE, null)).isEqualTo(ROWS);
        assertThat(scraped("pkuse_connect_sink_task_records_upserted_total", SINK, null)).isEqualTo(ROWS);
        assertThat(scraped("pkuse_connect_sink_task_jobs_ended_total", SINK, null)).isEqualTo(1);
        assertThat(scraped("pkuse_connect_sink_task_database_connected", SINK, null)).isEqualTo(1);
        assertThat(scraped("pkuse_connect_sink_task_flush_latency_max_ms", SINK, null)).isPositive();
        assertThat(scraped("pkuse_connect_status_reporter_publish_failures_total", SINK, null)).isZero();
        assertThat(scrape()).doesNotContain("sink_job_committed{"); // the ended job is gone

        // A restarted task takes its MBean over: still one per task; a deleted connector leaves nothing behind.
        connect.rest().restartTask(SINK, 0);
        Thread.sleep(3000);
        connect.awaitRunning(SINK, 1, Duration.ofSeconds(60));
        assertThat(names(SINK)).containsExactlyInAnyOrder(sinkTask, sinkReporter);
        connect.rest().deleteConnector(SOURCE);
        connect.rest().deleteConnector(SINK);
        awaitTrue("no MBean of the deleted connectors", () -> names(SOURCE).isEmpty() && names(SINK).isEmpty());
    }

    /** The exporter's page, as Prometheus scrapes it. */
    private String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + exporterPort + "/metrics")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of {@code metric} for the connector's task 0 (and the job, if given) on the exporter's page. */
    private double scraped(String metric, String connector, String job) throws Exception {
        String page = scrape();
        for (String line : page.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains("connector=\"" + connector + "\"")
                    && line.contains("task=\"0\"") && (job == null || line.contains("job=\"" + job + "\""))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("No " + metric + " of " + connector + " on the exporter's page:\n"
                + page.lines().filter(l -> l.startsWith("pkuse_")).collect(Collectors.joining("\n"))
                + "\n(" + page.lines().count() + " lines; the first: " + page.lines().limit(20)
                .collect(Collectors.joining("\n")) + ")");
    }

    private static ObjectName name(String type, String connector, String job) throws Exception {
        return new ObjectName("org.pkuse.connect:type=" + type + ",connector=" + connector + ",task=0"
                + (job == null ? "" : ",job=" + job));
    }

    private Set<ObjectName> names(String connector) throws Exception {
        return mbeans.queryNames(new ObjectName("org.pkuse.connect:connector=" + connector + ",*"), null);
    }

    private Object get(ObjectName name, String attribute) throws Exception {
        return mbeans.getAttribute(name, attribute);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (javax.management.InstanceNotFoundException e) {
                last = e; // not registered yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Not within 90 s: " + what, last);
    }
}
