package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersWriter;
import org.pkuse.connect.status.StatusConfig;
import org.pkuse.connect.testkit.FakeSinkTaskContext;
import org.pkuse.connect.testkit.HBaseCluster;

/**
 * The HBase sink through an HBase outage: the only region server is killed mid-job (its WAL replayed), stays down
 * for a while and a new one starts. The task's writes fail and are retried with their records, as the worker does
 * after a {@link RetriableException}; when HBase is back the job completes with every cell written once. Runs on an
 * HBase of its own, so the outage touches no other test.
 */
class HBaseSinkOutageIT {

    private static final Schema VALUE = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA).build();
    private static final int ROWS = 2000;
    private static final int BATCH = 100;

    private static HBaseCluster hbase;

    @BeforeAll
    static void ownCluster() {
        hbase = HBaseCluster.start();
        hbase.createTable("outage:dst", List.of("info"), List.of("500", "1000"), 5);
    }

    @AfterAll
    static void stopCluster() {
        if (hbase != null) {
            hbase.close();
        }
    }

    @Test
    void aJobOutlivesARegionServerOutageWithEveryCellWrittenOnce() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("name", "hbase-sink-outage");
        props.put(HBaseOptions.HBASE_IP, hbase.zkQuorum());
        props.put(HBaseOptions.HBASE_PORT, Integer.toString(hbase.zkPort()));
        props.put(HBaseOptions.NAMESPACE, "outage");
        props.put(HBaseSinkConfig.TABLE, "dst");
        props.put(HBaseSinkConfig.COLUMNS_KEY, "id");
        props.put(HBaseSinkConfig.BATCH_SIZE, Integer.toString(BATCH));
        props.put(HBaseSinkConfig.TASK_ID, "OUT");
        props.put(HBaseSinkConfig.RETRY_BACKOFF_MS, "500");
        props.put(HBaseSinkConfig.MAX_RETRIES, "100");
        props.put("hbase.client.operation.timeout", "5000");
        props.put("hbase.client.retries.number", "2");
        props.put(StatusConfig.BROKER, "");
        FakeSinkTaskContext context = new FakeSinkTaskContext(props);
        HBaseSinkTask task = new HBaseSinkTask();
        task.initialize(context);
        task.start(props);
        try {
            CompletableFuture<Void> outage = null;
            int retries = 0;
            for (int from = 1; from <= ROWS; from += BATCH) {
                List<SinkRecord> batch = new ArrayList<>();
                for (int i = from; i < from + BATCH; i++) {
                    batch.add(record(i));
                }
                if (from > ROWS / 4 && outage == null) {
                    outage = CompletableFuture.runAsync(() -> hbase.restartRegionServer(Duration.ofSeconds(5)));
                }
                while (true) {
                    try {
                        task.put(batch); // the worker hands the same batch again after a RetriableException
                        break;
                    } catch (RetriableException e) {
                        retries++;
                        Thread.sleep(500);
                    }
                }
            }
            outage.get();
            TopicPartition tp = new TopicPartition("emp", 0);
            Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
            for (int i = 0; i < 100 && !new OffsetAndMetadata(ROWS).equals(committed.get(tp)); i++) {
                committed = task.preCommit(Map.of(tp, new OffsetAndMetadata(ROWS)));
                Thread.sleep(200);
            }
            assertThat(retries).as("writes failed during the outage and were retried").isPositive();
            assertThat(committed).containsEntry(new TopicPartition("emp", 0), new OffsetAndMetadata(ROWS));
            assertThat(hbase.count("outage:dst")).isEqualTo(ROWS);
            assertThat(hbase.cellVersions("outage:dst")).as("every cell once").isEqualTo(ROWS);
            assertThat(hbase.scan("outage:pkuse_sink_jobs", 10)).hasSize(1).allSatisfy((row, cells) -> {
                assertThat(new String(cells.get("j:state"), StandardCharsets.UTF_8)).isEqualTo("ENDED");
                assertThat(ByteBuffer.wrap(cells.get("j:written")).getLong()).isEqualTo(ROWS);
            });
        } finally {
            task.stop();
        }
    }

    private static SinkRecord record(int index) {
        ConnectHeaders headers = new ConnectHeaders();
        JobHeadersWriter.write(new JobHeaders("OUT", ROWS, index, index == ROWS), headers);
        return new SinkRecord("emp", 0, null, null, VALUE, new Struct(VALUE).put("id", index).put("name", "n" + index),
                index - 1, null, null, headers);
    }
}
