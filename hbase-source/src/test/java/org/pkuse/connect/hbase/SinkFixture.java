package org.pkuse.connect.hbase;

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
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersWriter;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.testkit.FakeSinkTaskContext;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;

/**
 * What the sink task ITs share, as a JUnit extension ({@code @RegisterExtension static final SinkFixture sink}):
 * the test kit's HBase (namespace {@code snk}), a client connection to it, sink tasks started with a faked context
 * and stopped after each test, records carrying job headers, and the jobs table read back.
 */
final class SinkFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    static final Schema VALUE = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final String TOPIC = "emp";

    HBaseCluster hbase;
    Connection connection;
    private final List<HBaseSinkTask> tasks = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        hbase = TestKit.hbase();
        hbase.createTable("snk:seed", "info"); // makes the namespace
        connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(hbase.zkQuorum(),
                hbase.zkPort(), Map.of(), Duration.ofSeconds(30)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopTasks();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stopTasks();
        if (connection != null) {
            connection.close();
        }
    }

    /** A table keeping 5 versions, so that a second version of a cell would show. */
    void createTable(String table) throws IOException {
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

    Map<String, String> props(String table, String job, String mapping) {
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

    HBaseSinkTask start(Map<String, String> props, FakeSinkTaskContext context) {
        HBaseSinkTask task = new HBaseSinkTask();
        tasks.add(task);
        task.initialize(context);
        task.start(props);
        return task;
    }

    void stopTasks() {
        tasks.forEach(HBaseSinkTask::stop);
        tasks.clear();
    }

    /** Record {@code index} of a job of {@code total}, on partition index % 2, at offset index / 2. */
    static SinkRecord record(String job, int index, int total, String name) {
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(new JobHeaders(job, total, index, index == total), headers);
        return new SinkRecord(TOPIC, index % 2, null, null, VALUE, new Struct(VALUE).put("id", index).put("name", name),
                index / 2, null, null, headers);
    }

    static List<SinkRecord> partition(List<SinkRecord> records, int partition) {
        return records.stream().filter(r -> r.kafkaPartition() == partition).toList();
    }

    String jobState(String connector, String job, String column) throws IOException {
        try (Table t = connection.getTable(TableName.valueOf("snk", "pkuse_sink_jobs"))) {
            Result r = t.get(new Get(Bytes.toBytes(connector + "|" + job)));
            byte[] v = r.getValue(Bytes.toBytes("j"), Bytes.toBytes(column));
            return v == null ? null : column.equals("state") ? Bytes.toString(v) : Long.toString(Bytes.toLong(v));
        }
    }

    List<Cell> versions(String table, int id) throws IOException {
        try (Table t = connection.getTable(TableName.valueOf("snk", table))) {
            return t.get(new Get(Bytes.toBytes(Integer.toString(id))).readAllVersions()).listCells();
        }
    }

}
