package org.pkuse.connect.it.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.pkuse.connect.it.jdbc.TargetDatabase;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.TopicReader;

/** What the fault tests share: an HBase → MariaDB job's two configs, its status events, counts in its table. */
final class FaultJobs {

    static final String STATUS_TOPIC = "pkuse_status";
    /** Sample employees (test kit's generator): the row key as id, and three of the columns. */
    static final String EMPLOYEE_MAPPING = "[{\"sourceFiled\":\"id\",\"targetFiled\":\"id\",\"fieldType\":\"int\","
            + "\"ispk\":\"1\"},{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"string\"},"
            + "{\"sourceFiled\":\"sex\",\"targetFiled\":\"sex\",\"fieldType\":\"string\"},"
            + "{\"sourceFiled\":\"salary\",\"targetFiled\":\"salary\",\"fieldType\":\"bigint\"}]";

    private FaultJobs() {
    }

    /** The HBase source of job {@code job} over {@code namespace:table}, status events to {@code statusBrokers}. */
    static Map<String, String> source(String namespace, String table, String job, String statusBrokers) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "org.pkuse.connect.hbase.HBaseSourceConnector");
        c.put("tasks.max", "1");
        c.put("pkuse.hbase.ip", TestKit.hbase().zkQuorum());
        c.put("pkuse.hbase.port", Integer.toString(TestKit.hbase().zkPort()));
        c.put("pkuse.hbase.namespace", namespace);
        c.put("pkuse.hbase.table.name", table);
        c.put("pkuse.hbase.filed.mapping", EMPLOYEE_MAPPING);
        c.put("pkuse.hbase.filed.columnsKey", "id");
        c.put("org.pkuse.kafka.broker", statusBrokers);
        c.put("pkuse.task.id", job);
        return c;
    }

    /**
     * The JDBC sink of job {@code job} into {@code database.emp}: plain inserts into a table without a key
     * ({@code pk.mode=none}), so a row written twice is counted twice.
     */
    static Map<String, String> sink(TargetDatabase db, String database, String topic, String job,
                                    String statusBrokers) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "org.pkuse.connect.jdbc.JdbcSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("connection.url", db.connectorUrl(database));
        c.put("connection.user", db.user());
        c.put("connection.password", db.password());
        c.put("table.name.format", db.tableName(database, "emp"));
        c.put("auto.create", "true");
        c.put("insert.mode", "insert");
        c.put("pk.mode", "none");
        c.put("flush.interval.ms", "200");
        c.put("org.pkuse.kafka.broker", statusBrokers);
        c.put("pkuse.task.id", job);
        return c;
    }

    /** The job's status events, read until {@code done} holds, then {@code settle} longer. */
    static List<StatusEvent> events(String brokers, String job, Predicate<List<StatusEvent>> done, Duration timeout,
                                    Duration settle) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(brokers, STATUS_TOPIC,
                rs -> done.test(eventsOf(rs, job)), timeout, settle);
        return eventsOf(records, job);
    }

    private static List<StatusEvent> eventsOf(List<ConsumerRecord<byte[], byte[]>> records, String job) {
        return records.stream().map(r -> StatusEventCodec.fromJson(r.value())).filter(e -> job.equals(e.taskId()))
                .collect(Collectors.toList());
    }

    static boolean has(List<StatusEvent> events, Side side, Stage stage) {
        return events.stream().anyMatch(e -> e.side() == side && e.stage() == stage);
    }

    static long count(List<StatusEvent> events, Side side, Stage stage) {
        return events.stream().filter(e -> e.side() == side && e.stage() == stage).count();
    }

    /** The one number a query returns; -1 while its table does not exist. */
    static long count(TargetDatabase db, String database, String sql) {
        try (Connection c = db.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
