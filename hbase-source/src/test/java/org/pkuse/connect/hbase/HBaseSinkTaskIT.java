package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersWriter;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.testkit.FakeSinkTaskContext;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;

/**
 * {@link HBaseSinkTask} against a real HBase (mini cluster in its own JVM), the worker replaced by
 * {@link FakeSinkTaskContext}: a job split over two tasks is counted once and ends once; records delivered again
 * add no cell version and no count; a bad record goes to the dead-letter queue and is counted, or without a queue
 * fails the task and its job. Status events are off: the jobs table is what is checked.
 */
class HBaseSinkTaskIT {

    private static final Schema VALUE = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final String TOPIC = "emp";

    private static HBaseCluster hbase;
    private static Connection connection;
    private final List<HBaseSinkTask> tasks = new ArrayList<>();

    @BeforeAll
    static void cluster() throws IOException {
        hbase = TestKit.hbase();
        hbase.createTable("snk:seed", "info"); // makes the namespace
        connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(hbase.zkQuorum(),
                hbase.zkPort(), Map.of(), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
    }

    @AfterEach
    void stopTasks() {
        tasks.forEach(HBaseSinkTask::stop);
    }

    /** A table keeping 5 versions, so that a second version of a cell would show. */
    private static void createTable(String table) throws IOException {
        try (Admin admin = connection.getAdmin()) {
            TableName name = TableName.valueOf("snk", table);
            if (admin.tableExists(name)) {
                admin.disableTable(name);
                admin.deleteTable(name);
            }
            admin.createTable(TableDescriptorBuilder.newBuilder(name).setColumnFamily(
                    ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes("info")).setMaxVersions(5).build()).build());
        }
    }

    private static Map<String, String> props(String table, String job, String mapping) {
        Map<String, String> c = new HashMap<>();
        c.put("name", "hbase-sink-it-" + table);
        c.put(HBaseOptions.HBASE_IP, hbase.zkQuorum());
        c.put(HBaseOptions.HBASE_PORT, Integer.toString(hbase.zkPort()));
        c.put(HBaseOptions.NAMESPACE, "snk");
        c.put(HBaseSinkConfig.TABLE, table);
        c.put(HBaseSinkConfig.COLUMNS_KEY, "id");
        c.put(HBaseSinkConfig.BATCH_SIZE, "4");
        c.put(HBaseSinkConfig.TASK_ID, job);
        c.put(HBaseSinkConfig.MAPPING, mapping);
        c.put(HBaseSinkConfig.RETRY_BACKOFF_MS, "100");
        c.put(StatusConfig.BROKER, "");
        return c;
    }

    private HBaseSinkTask start(Map<String, String> props, FakeSinkTaskContext context) {
        HBaseSinkTask task = new HBaseSinkTask();
        tasks.add(task);
        task.initialize(context);
        task.start(props);
        return task;
    }

    /** Record {@code index} of a job of {@code total}, on partition index % 2, at offset index / 2. */
    private static SinkRecord record(String job, int index, int total, String name) {
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(new JobHeaders(job, total, index, index == total), headers);
        return new SinkRecord(TOPIC, index % 2, null, null, VALUE, new Struct(VALUE).put("id", index).put("name", name),
                index / 2, null, null, headers);
    }

    private static List<SinkRecord> partition(List<SinkRecord> records, int partition) {
        return records.stream().filter(r -> r.kafkaPartition() == partition).toList();
    }

    private static String jobState(String connector, String job, String column) throws IOException {
        try (Table t = connection.getTable(TableName.valueOf("snk", "pkuse_sink_jobs"))) {
            Result r = t.get(new Get(Bytes.toBytes(connector + "|" + job)));
            byte[] v = r.getValue(Bytes.toBytes("j"), Bytes.toBytes(column));
            return v == null ? null : column.equals("state") ? Bytes.toString(v) : Long.toString(Bytes.toLong(v));
        }
    }

    private static List<Cell> versions(String table, int id) throws IOException {
        try (Table t = connection.getTable(TableName.valueOf("snk", table))) {
            return t.get(new Get(Bytes.toBytes(Integer.toString(id))).readAllVersions()).listCells();
        }
    }

    @Test
    void aJobOverTwoTasksEndsOnceAndRecordsDeliveredAgainAddNoVersionAndNoCount() throws IOException {
        createTable("twotasks");
        Map<String, String> props = props("twotasks", "J1", "");
        props.put(HBaseSinkConfig.BATCH_SIZE, "100"); // written at preCommit only
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            records.add(record("J1", i, 10, "名字" + i));
        }
        HBaseSinkTask a = start(props, new FakeSinkTaskContext(props));
        HBaseSinkTask b = start(props, new FakeSinkTaskContext(props));
        a.put(partition(records, 0));
        b.put(partition(records, 1));
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        Map<TopicPartition, OffsetAndMetadata> offsetsA = a.preCommit(Map.of(p0, new OffsetAndMetadata(6)));
        assertThat(jobState(props.get("name"), "J1", "state")).as("half the job").isEqualTo("RUNNING");
        Map<TopicPartition, OffsetAndMetadata> offsetsB = b.preCommit(Map.of(p1, new OffsetAndMetadata(6)));
        assertThat(offsetsA).containsEntry(p0, new OffsetAndMetadata(6));
        assertThat(offsetsB).containsEntry(p1, new OffsetAndMetadata(5));
        assertThat(jobState(props.get("name"), "J1", "state")).isEqualTo("ENDED");
        assertThat(jobState(props.get("name"), "J1", "written")).isEqualTo("10");

        // A task that took the partition over (after a rebalance or a crash) reads the same records again.
        HBaseSinkTask c = start(props, new FakeSinkTaskContext(props));
        c.put(partition(records, 0));
        assertThat(c.preCommit(Map.of(p0, new OffsetAndMetadata(6)))).containsEntry(p0, new OffsetAndMetadata(6));
        assertThat(jobState(props.get("name"), "J1", "written")).isEqualTo("10");
        assertThat(jobState(props.get("name"), "J1", "state")).isEqualTo("ENDED");
        for (int id = 1; id <= 10; id++) {
            List<Cell> cells = versions("twotasks", id);
            assertThat(cells).as("row " + id + ": one version of its one column").hasSize(1);
            assertThat(Bytes.toString(cells.get(0).getValueArray(), cells.get(0).getValueOffset(),
                    cells.get(0).getValueLength())).isEqualTo("名字" + id);
        }
    }

    @Test
    void aRecordThatDoesNotFitGoesToTheDeadLetterQueueAndIsCountedApart() throws IOException {
        createTable("dlq");
        String mapping = "[{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"int\"}]";
        Map<String, String> props = props("dlq", "J2", mapping);
        FakeSinkTaskContext context = new FakeSinkTaskContext(props).withDeadLetters();
        HBaseSinkTask task = start(props, context);
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            records.add(record("J2", i, 3, i == 2 ? "not-a-number" : Integer.toString(i * 100)));
        }
        task.put(records);
        task.preCommit(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(2),
                new TopicPartition(TOPIC, 1), new OffsetAndMetadata(2)));
        assertThat(context.deadLettered).hasSize(1);
        assertThat(context.deadLettered.get(0).getKey().kafkaOffset()).isEqualTo(1L);
        assertThat(context.deadLettered.get(0).getValue().getMessage()).contains("'name'")
                .doesNotContain("not-a-number");
        assertThat(jobState(props.get("name"), "J2", "state")).isEqualTo("ENDED");
        assertThat(jobState(props.get("name"), "J2", "written")).isEqualTo("2");
        assertThat(jobState(props.get("name"), "J2", "deadLettered")).isEqualTo("1");
    }

    @Test
    void withoutADeadLetterQueueABadRecordFailsTheTaskAndItsJob() throws IOException {
        createTable("nodlq");
        String mapping = "[{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"int\"}]";
        Map<String, String> props = props("nodlq", "J3", mapping);
        HBaseSinkTask task = start(props, new FakeSinkTaskContext(props));
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            records.add(record("J3", i, 4, i == 3 ? "x" : "1"));
        }
        assertThatThrownBy(() -> task.put(records)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("emp-1@1").hasMessageContaining("'name'");
        assertThat(jobState(props.get("name"), "J3", "state")).isEqualTo("FAILED");
        assertThatThrownBy(() -> task.put(List.of())).as("the task stays failed").isInstanceOf(ConnectException.class);
    }
}
