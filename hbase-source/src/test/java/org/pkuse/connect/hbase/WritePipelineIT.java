package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.hbase.sink.SinkBatch;
import org.pkuse.connect.hbase.sink.TableWriters;
import org.pkuse.connect.hbase.sink.WritePipeline;

/**
 * The sink's writer thread against a real HBase: batches are written in order, and after a failed write (a table
 * that does not exist) a batch handed over before the task took the failed one back fails unwritten, so it cannot
 * reach HBase before the failed one is written again; after a reset the pipeline writes again.
 */
class WritePipelineIT {

    @RegisterExtension
    static final SinkFixture sink = new SinkFixture();

    private static SinkBatch batch(String table, String row) {
        SinkBatch b = new SinkBatch(List.of());
        b.add(TableName.valueOf("snk", table), List.of(new Put(Bytes.toBytes(row)).addColumn(Bytes.toBytes("info"),
                Bytes.toBytes("name"), Bytes.toBytes("v-" + row))));
        return b;
    }

    private static List<String> rows(String table) throws IOException {
        try (Table t = sink.connection.getTable(TableName.valueOf("snk", table));
             ResultScanner s = t.getScanner(new Scan())) {
            List<String> out = new java.util.ArrayList<>();
            for (Result r : s) {
                out.add(Bytes.toString(r.getRow()));
            }
            return out;
        }
    }

    @Test
    void aBatchBehindAFailedOneIsNotWrittenUntilTheTaskTookThemBack() throws Exception {
        sink.createTable("wp_ok");
        try (WritePipeline pipeline = new WritePipeline("test-writer")) {
            TableWriters writers = new TableWriters(sink.connection, 1 << 20);
            WritePipeline.Written first = pipeline.submit(batch("wp_ok", "1"), writers);
            first.done().get(60, TimeUnit.SECONDS);
            assertThat(rows("wp_ok")).containsExactly("1");

            WritePipeline.Written failing = pipeline.submit(batch("wp_missing", "2"), writers);
            assertThatThrownBy(() -> failing.done().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            // Handed over after the failure, before the task took the failed batch back: not written.
            WritePipeline.Written behind = pipeline.submit(batch("wp_ok", "3"), writers);
            assertThatThrownBy(() -> behind.done().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("an earlier batch failed");
            assertThat(rows("wp_ok")).as("the batch behind the failed one").containsExactly("1");
            try {
                writers.close();
            } catch (IOException e) {
                // the failed table's writer still holds its mutation: the task drops it the same way
            }

            pipeline.reset();
            TableWriters fresh = new TableWriters(sink.connection, 1 << 20);
            pipeline.submit(batch("wp_ok", "3"), fresh).done().get(60, TimeUnit.SECONDS);
            assertThat(rows("wp_ok")).containsExactly("1", "3");
            fresh.close();
        }
    }
}
