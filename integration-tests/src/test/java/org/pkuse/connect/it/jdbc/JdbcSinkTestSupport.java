package org.pkuse.connect.it.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.status.Side;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.ConnectorStates;
import org.pkuse.connect.testkit.TestKit;
import org.pkuse.connect.testkit.TopicReader;
import org.pkuse.connect.testkit.Wait;

/** What the JDBC sink tests share: producing records as a source would, reading rows and status events. */
public final class JdbcSinkTestSupport {

    static final String CONNECTOR_CLASS = "org.pkuse.connect.jdbc.JdbcSinkConnector";
    static final String STATUS_TOPIC = "pkuse_status";

    static final Schema EMPLOYEE = SchemaBuilder.struct().name("employee")
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("sex", Schema.OPTIONAL_STRING_SCHEMA)
            .field("salary", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private JdbcSinkTestSupport() {
    }

    static ConnectCluster connect() {
        ConnectCluster c = TestKit.connect();
        c.createTopicIfMissing(STATUS_TOPIC, 1);
        return c;
    }

    /**
     * Stops a worker other than the one the REST client talks to (the test kit's {@code stopOneWorker()} may stop
     * that one and leave later tests of the JVM without REST).
     */
    static void stopWorkerNotServingRest() {
        ConnectCluster c = connect();
        String restPort = ":" + java.net.URI.create(c.restUrl()).getPort();
        org.apache.kafka.connect.util.clusters.WorkerHandle victim = c.embedded().workers().stream()
                .filter(w -> !w.url().toString().contains(restPort)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no second worker to stop"));
        c.embedded().removeWorker(victim);
    }

    static Struct employee(int id) {
        return new Struct(EMPLOYEE).put("id", id).put("name", "name-" + id).put("sex", id % 2 == 0 ? "F" : "M")
                .put("salary", 1000L * id);
    }

    /** A sink config with the keys every test needs; tests add and override. */
    static Map<String, String> sinkConfig(TargetDatabase db, String database, String topic, String table) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", CONNECTOR_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("connection.url", db.connectorUrl(database));
        c.put("connection.user", db.user());
        c.put("connection.password", db.password());
        c.put("table.name.format", db.tableName(database, table));
        c.put("auto.create", "true");
        c.put("org.pkuse.kafka.broker", connect().bootstrapServers());
        c.put("pkuse.status.interval.ms", "200");
        c.put("flush.interval.ms", "200");
        return c;
    }

    /** Produces with the worker's own converters: JsonConverter with schemas, headers as strings. */
    public static final class Producer implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final JsonConverter converter = new JsonConverter();

        public Producer() {
            this(true);
        }

        Producer(boolean schemas) {
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect().bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            // One request in flight per partition: a later request cannot be appended before an earlier one that
            // failed and is retried, which an idempotent producer then retries as "out of order" until its delivery
            // timeout and loses (KAFKA-15591, seen once in CI at a test's start).
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaProducer<>(props);
            converter.configure(Map.of("schemas.enable", Boolean.toString(schemas), "converter.type", "value"),
                    false);
        }

        public void send(String topic, Integer partition, Schema keySchema, Object key, Schema valueSchema,
                         Object value, JobHeaders job) {
            RecordHeaders headers = new RecordHeaders();
            if (job != null) {
                headers.add(JobHeaders.TASK_ID, job.taskId().getBytes(StandardCharsets.UTF_8));
                headers.add(JobHeaders.PREDICTED_TOTAL, bytes(job.predictedTotal()));
                headers.add(JobHeaders.CURRENT_INDEX, bytes(job.currentIndex()));
                headers.add(JobHeaders.IS_END, Boolean.toString(job.isEnd()).getBytes(StandardCharsets.UTF_8));
                if (job.rerun() > 0) {
                    headers.add(JobHeaders.RERUN, bytes(job.rerun()));
                }
                if (job.isEmptyRun()) {
                    headers.add(JobHeaders.MARKER, JobHeaders.EMPTY_RUN.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] k = key == null && keySchema == null ? null : converter.fromConnectData(topic, keySchema, key);
            byte[] v = converter.fromConnectData(topic, valueSchema, value);
            producer.send(new ProducerRecord<>(topic, partition, k, v, headers));
        }

        /** A record whose value bytes are as given (a converter may fail on them), with the job's headers. */
        void sendBytes(String topic, Integer partition, byte[] value, JobHeaders job) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(JobHeaders.TASK_ID, job.taskId().getBytes(StandardCharsets.UTF_8));
            headers.add(JobHeaders.PREDICTED_TOTAL, bytes(job.predictedTotal()));
            headers.add(JobHeaders.CURRENT_INDEX, bytes(job.currentIndex()));
            headers.add(JobHeaders.IS_END, Boolean.toString(job.isEnd()).getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<byte[], byte[]>(topic, partition, (byte[]) null, value, headers));
        }

        /** A record with headers as given, well formed or not. */
        void sendRaw(String topic, Integer partition, Struct value, RecordHeaders headers) {
            producer.send(new ProducerRecord<byte[], byte[]>(topic, partition, (byte[]) null, converter.fromConnectData(topic,
                    value.schema(), value), headers));
        }

        void send(String topic, Integer partition, Struct value, JobHeaders job) {
            send(topic, partition, null, null, value == null ? null : value.schema(), value, job);
        }

        /** One job's records 1..n over the given partitions (round robin), the last with isEnd. */
        void sendJob(String topic, int partitions, String taskId, int from, int n, int total) {
            for (int i = from; i <= n; i++) {
                send(topic, i % partitions, employee(i), new JobHeaders(taskId, total, i, i == total));
            }
            flush();
        }

        public void flush() {
            producer.flush();
        }

        private static byte[] bytes(long v) {
            return Long.toString(v).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    static List<StatusEvent> events(String taskId, String connectorName, Predicate<List<StatusEvent>> done,
                                    Duration timeout, Duration settle) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(connect().bootstrapServers(),
                STATUS_TOPIC, all -> done.test(sinkEvents(all, taskId, connectorName)), timeout, settle);
        return sinkEvents(records, taskId, connectorName);
    }

    static List<StatusEvent> sinkEvents(List<ConsumerRecord<byte[], byte[]>> records, String taskId,
                                        String connectorName) {
        List<StatusEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StatusEvent e = StatusEventCodec.fromJson(r.value());
            if (taskId.equals(e.taskId()) && e.side() == Side.SINK && connectorName.equals(e.connectorName())) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Job {@code job}'s events on the status topic of {@code bootstrapServers}, once both its source and its sink
     * sent their final one (and 3 s more, for a late second one).
     */
    static List<StatusEvent> awaitBothEnded(String bootstrapServers, String job) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readUntil(bootstrapServers, STATUS_TOPIC, all -> {
            List<StatusEvent> e = jobEvents(all, job);
            return e.stream().anyMatch(x -> x.side() == Side.SOURCE && x.stage().isTerminal())
                    && e.stream().anyMatch(x -> x.side() == Side.SINK && x.stage().isTerminal());
        }, Duration.ofSeconds(120), Duration.ofSeconds(3));
        return jobEvents(records, job);
    }

    /** The events of job {@code job}, both sides, in topic order. */
    static List<StatusEvent> jobEvents(List<ConsumerRecord<byte[], byte[]>> records, String job) {
        List<StatusEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StatusEvent e = StatusEventCodec.fromJson(r.value());
            if (job.equals(e.taskId())) {
                out.add(e);
            }
        }
        return out;
    }

    static long count(List<StatusEvent> events, Stage stage) {
        return events.stream().filter(e -> e.stage() == stage).count();
    }

    /** Waits for the job's 'end' (or 'error'), then reads 3 s more to catch a second one. */
    static List<StatusEvent> awaitJobFinished(String taskId, String connectorName, Duration timeout) {
        try {
            return events(taskId, connectorName, ev -> ev.stream().anyMatch(e -> e.stage().isTerminal()), timeout,
                    Duration.ofSeconds(3));
        } catch (AssertionError e) {
            List<StatusEvent> seen = events(taskId, connectorName, ev -> true, Duration.ofSeconds(10), Duration.ZERO);
            throw new AssertionError(e.getMessage() + "; job " + taskId + " events " + seen.stream()
                    .map(ev -> ev.stage() + "(" + ev.processed() + ")").toList() + "; "
                    + ConnectorStates.describe(connect().rest(), connectorName), e);
        }
    }

    static List<Map<String, Object>> rows(TargetDatabase db, String database, String sql) throws SQLException {
        try (Connection c = db.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    static long countRows(TargetDatabase db, String database, String table) {
        try (Connection c = db.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + db.q(table))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static void execute(TargetDatabase db, String database, String... sql) throws SQLException {
        try (Connection c = db.connect(database); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    static void awaitRows(TargetDatabase db, String database, String table, long expected, Duration timeout) {
        Wait.until(() -> "table " + table + " to hold " + expected + " rows (has " + countRows(db, database, table)
                + ")", timeout, () -> countRows(db, database, table) == expected);
    }
}
