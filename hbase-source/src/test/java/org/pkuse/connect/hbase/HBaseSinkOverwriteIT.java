package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.hbase.scan.HBaseClientSettings;
import org.pkuse.connect.hbase.sink.StagingTables;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersWriter;
import org.pkuse.connect.testkit.FakeSinkTaskContext;

/**
 * Overwrite mode ({@code write.mode=2}) against a real HBase: a job over two tasks replaces the target's rows with
 * its own while a reader scans the target all along (the reader sees the old rows, then a short unavailability,
 * then the new rows, never a mix); a failed job leaves the target as it was and drops its staging table; a swap
 * cut off after the target was dropped is finished by the next try; an empty run empties the table.
 */
class HBaseSinkOverwriteIT {

    private static final int OLD_ROWS = 150;
    @RegisterExtension
    static final SinkFixture sink = new SinkFixture();

    /** The target with rows old-1..old-N, which no job of these tests writes. */
    private static void oldTable(String table) throws IOException {
        sink.createTable(table);
        try (Table t = sink.connection.getTable(TableName.valueOf("snk", table))) {
            List<Put> puts = new ArrayList<>();
            for (int i = 1; i <= OLD_ROWS; i++) {
                puts.add(new Put(Bytes.toBytes("old-" + i)).addColumn(Bytes.toBytes("info"), Bytes.toBytes("name"),
                        Bytes.toBytes("old " + i)));
            }
            t.put(puts);
        }
    }

    private static Map<String, String> overwrite(String table, String job) {
        Map<String, String> props = sink.props(table, job, "");
        props.put(HBaseSinkConfig.WRITE_MODE, "2");
        props.put(HBaseSinkConfig.BATCH_SIZE, "50");
        return props;
    }

    private static long count(Connection c, String table) throws IOException {
        long n = 0;
        try (Table t = c.getTable(TableName.valueOf("snk", table)); ResultScanner s = t.getScanner(new Scan())) {
            for (Result r : s) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, Long> rowsByPrefix(String table) throws IOException {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Table t = sink.connection.getTable(TableName.valueOf("snk", table));
             ResultScanner s = t.getScanner(new Scan())) {
            for (Result r : s) {
                out.merge(Bytes.toString(r.getRow()).startsWith("old-") ? "old" : "new", 1L, Long::sum);
            }
        }
        return out;
    }

    private static boolean exists(TableName table) throws IOException {
        try (Admin admin = sink.connection.getAdmin()) {
            return admin.tableExists(table);
        }
    }

    private static int snapshots(String table) throws IOException {
        try (Admin admin = sink.connection.getAdmin()) {
            return admin.listSnapshots(Pattern.compile("snk_" + table + ".*")).size();
        }
    }

    /** Scans the target in a loop on its own connection (few client retries), noting counts and failures. */
    private static final class Reader implements AutoCloseable {
        final Set<Long> counts = new ConcurrentSkipListSet<>();
        final Set<String> failures = new ConcurrentSkipListSet<>();
        final AtomicLong longestGapMillis = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private final Connection connection;

        Reader(String table) throws IOException {
            connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(sink.hbase.zkQuorum(),
                    sink.hbase.zkPort(), Map.of("hbase.client.retries.number", "1", "hbase.client.pause", "20"),
                    Duration.ofSeconds(5)));
            thread = new Thread(() -> {
                long gapSince = -1;
                while (running.get()) {
                    try {
                        counts.add(count(connection, table));
                        if (gapSince >= 0) {
                            longestGapMillis.accumulateAndGet((System.nanoTime() - gapSince) / 1_000_000, Math::max);
                            gapSince = -1;
                        }
                    } catch (IOException | RuntimeException e) {
                        Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null
                                ? e.getCause() : e;
                        failures.add(cause.getClass().getSimpleName());
                        gapSince = gapSince >= 0 ? gapSince : System.nanoTime();
                    }
                }
            }, "target-reader");
            thread.start();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.join(30_000);
            connection.close();
        }
    }

    @Test
    void aJobOverTwoTasksReplacesTheTargetAndAReaderSeesOldThenNewRowsNeverAMix() throws Exception {
        String table = "ow_replace";
        oldTable(table);
        Map<String, String> props = overwrite(table, "OW1");
        int n = 400;
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            records.add(SinkFixture.record("OW1", i, n, "new " + i));
        }
        HBaseSinkTask a = sink.start(props, new FakeSinkTaskContext(props));
        HBaseSinkTask b = sink.start(props, new FakeSinkTaskContext(props));
        TableName staging = new StagingTables(sink.connection, TableName.valueOf("snk", table),
                props.get("name")).stagingOf("OW1");
        try (Reader reader = new Reader(table)) {
            a.put(SinkFixture.partition(records, 0));
            a.preCommit(Map.of());
            assertThat(exists(staging)).as("staging table " + staging).isTrue();
            assertThat(rowsByPrefix(table)).as("half the job: the target as it was").isEqualTo(Map.of("old",
                    (long) OLD_ROWS));
            assertThat(sink.jobState(props.get("name"), "OW1", "state")).isEqualTo("RUNNING");
            b.put(SinkFixture.partition(records, 1));
            Map<TopicPartition, OffsetAndMetadata> offsets = b.preCommit(Map.of(new TopicPartition(
                    SinkFixture.TOPIC, 1), new OffsetAndMetadata(0)));
            assertThat(offsets).containsEntry(new TopicPartition(SinkFixture.TOPIC, 1),
                    new OffsetAndMetadata(n / 2));
            Thread.sleep(1000); // the reader reads the new table a few times
            reader.close();
            assertThat(reader.counts).as("row counts the reader saw").isSubsetOf((long) OLD_ROWS, (long) n)
                    .contains((long) OLD_ROWS, (long) n);
            System.out.printf("overwrite swap: reader saw %s, failures %s, longest gap %d ms%n", reader.counts,
                    reader.failures, reader.longestGapMillis.get());
        }
        assertThat(sink.jobState(props.get("name"), "OW1", "state")).isEqualTo("ENDED");
        assertThat(sink.jobState(props.get("name"), "OW1", "written")).isEqualTo(Long.toString(n));
        assertThat(rowsByPrefix(table)).isEqualTo(Map.of("new", (long) n));
        assertThat(sink.versions(table, 7)).hasSize(1);
        assertThat(exists(staging)).as("staging table dropped").isFalse();
        assertThat(snapshots(table)).as("snapshot deleted").isZero();

        // Records of the ended job delivered again (a rebalance before the offsets were committed) change nothing.
        HBaseSinkTask c = sink.start(props, new FakeSinkTaskContext(props));
        c.put(SinkFixture.partition(records, 0));
        c.preCommit(Map.of());
        assertThat(rowsByPrefix(table)).isEqualTo(Map.of("new", (long) n));
        assertThat(exists(staging)).isFalse();
    }

    @Test
    void aFailedJobLeavesTheTargetAsItWasAndDropsItsStagingTable() throws IOException {
        String table = "ow_failed";
        oldTable(table);
        String mapping = "[{\"sourceFiled\":\"name\",\"targetFiled\":\"name\",\"fieldType\":\"int\"}]";
        Map<String, String> props = overwrite(table, "OW2");
        props.put(HBaseSinkConfig.MAPPING, mapping);
        props.put(HBaseSinkConfig.BATCH_SIZE, "5");
        HBaseSinkTask task = sink.start(props, new FakeSinkTaskContext(props));
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            records.add(SinkFixture.record("OW2", i, 20, i == 13 ? "thirteen" : Integer.toString(i)));
        }
        TableName staging = new StagingTables(sink.connection, TableName.valueOf("snk", table),
                props.get("name")).stagingOf("OW2");
        task.put(records.subList(0, 10));
        assertThat(exists(staging)).isTrue();
        assertThatThrownBy(() -> task.put(records.subList(10, 20))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("'name'");
        assertThat(sink.jobState(props.get("name"), "OW2", "state")).isEqualTo("FAILED");
        assertThat(rowsByPrefix(table)).isEqualTo(Map.of("old", (long) OLD_ROWS));
        assertThat(exists(staging)).as("staging table dropped").isFalse();
    }

    /** A staging table holding rows "1".."n" for {@code job}. */
    private static TableName staged(StagingTables tables, String job, int n) throws IOException {
        TableName staging = tables.tableOf(job);
        try (Table t = sink.connection.getTable(staging)) {
            for (int i = 1; i <= n; i++) {
                t.put(new Put(Bytes.toBytes(Integer.toString(i))).addColumn(Bytes.toBytes("info"),
                        Bytes.toBytes("name"), Bytes.toBytes("new " + i)));
            }
        }
        return staging;
    }

    @Test
    void aSwapCutOffAtAnyStepIsFinishedByTheTaskThatTakesItOver() throws Exception {
        String table = "ow_cut";
        oldTable(table);
        TableName target = TableName.valueOf("snk", table);
        StagingTables dying = new StagingTables(sink.connection, target, "cut-connector");

        // Cut off right after the snapshot: staging table and old target still there.
        TableName staging = staged(dying, "OW3", 5);
        try (Admin admin = sink.connection.getAdmin()) {
            admin.snapshot(dying.snapshotOf("OW3"), staging);
        }
        new StagingTables(sink.connection, target, "cut-connector").swapIn("OW3");
        assertThat(rowsByPrefix(table)).isEqualTo(Map.of("new", 5L));
        assertThat(exists(staging)).isFalse();
        assertThat(snapshots(table)).isZero();

        // Cut off after the staging table and the target were dropped: only the snapshot holds the job's cells.
        staging = staged(dying, "OW5", 7);
        try (Admin admin = sink.connection.getAdmin()) {
            admin.snapshot(dying.snapshotOf("OW5"), staging);
            for (TableName t : List.of(staging, target)) {
                admin.disableTable(t);
                admin.deleteTable(t);
            }
        }
        StagingTables takeover = new StagingTables(sink.connection, target, "cut-connector");
        takeover.swapIn("OW5");
        assertThat(rowsByPrefix(table)).isEqualTo(Map.of("new", 7L));
        assertThat(snapshots(table)).isZero();
        takeover.swapIn("OW5"); // a third try finds it done
        assertThat(rowsByPrefix(table)).isEqualTo(Map.of("new", 7L));
    }

    @Test
    void anEmptyRunEmptiesTheTarget() throws IOException {
        String table = "ow_empty";
        oldTable(table);
        Map<String, String> props = overwrite(table, "OW4");
        HBaseSinkTask task = sink.start(props, new FakeSinkTaskContext(props));
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(JobHeaders.emptyRun("OW4"), headers);
        task.put(List.of(new SinkRecord(SinkFixture.TOPIC, 0, null, null, null, null, 0, null, null, headers)));
        task.preCommit(Map.of());
        assertThat(sink.jobState(props.get("name"), "OW4", "state")).isEqualTo("ENDED");
        assertThat(sink.jobState(props.get("name"), "OW4", "written")).isEqualTo("0");
        assertThat(count(sink.connection, table)).isZero();
        assertThat(exists(TableName.valueOf("snk", table))).isTrue();
    }
}
