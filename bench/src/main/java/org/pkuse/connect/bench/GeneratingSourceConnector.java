package org.pkuse.connect.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * The framework's ceiling for a source (a null source): a connector whose one task hands the worker N records from
 * memory, each with the four job headers, a source partition and an offset, in polls of our source's
 * {@code pkuse.kafka.batch.size}, then idles. The records are shaped as our JDBC source sends the bench's order table
 * (its key and value schemas), or, with {@code bench.sample}, replayed from a sample of a source's own records that
 * the bench registered in this JVM ({@link #sample}; the workers run here). It runs on the same workers, converters
 * and producer settings as our sources, so what it reaches is what the worker's poll loop, the converters and the
 * producer allow before any database work. Found on the bench's class path through its service file.
 */
public final class GeneratingSourceConnector extends SourceConnector {

    static final String TOPIC = "bench.topic";
    static final String TABLE = "bench.table";
    static final String ROWS = "bench.rows";
    static final String BATCH = "bench.batch.size";
    static final String JOB = "bench.job";
    static final String SAMPLE = "bench.sample";

    private static final Map<String, List<SourceRecord>> SAMPLES = new ConcurrentHashMap<>();

    private Map<String, String> props;

    /** Registers the records (schemas and values) that connectors with {@code bench.sample=name} replay. */
    static void sample(String name, List<SourceRecord> records) {
        SAMPLES.put(name, List.copyOf(records));
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return GeneratingTask.class;
    }

    /** One task: the N records are one job's, numbered 1..N as our source's single task numbers them. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "bench";
    }

    /**
     * Hands out records 1..N, each with a new key (ids increasing) and a value cycled from 1,000 built at start
     * (their {@code right_id} repeats; nothing reads it), so that the task's own work stays small.
     */
    public static final class GeneratingTask extends SourceTask {

        private static final int POOL = 1000;

        private final Object wake = new Object();
        private volatile boolean stopping;
        private String topic;
        private String job;
        private long rows;
        private int batch;
        private Schema keySchema;
        private Schema valueSchema;
        private final List<Struct> values = new ArrayList<>(POOL);
        /** The registered sample, or null: records of the order table. */
        private List<SourceRecord> sample;
        private Map<String, Object> partition;
        private long sent;

        @Override
        public void start(Map<String, String> props) {
            topic = props.get(TOPIC);
            job = props.get(JOB);
            rows = Long.parseLong(props.get(ROWS));
            batch = Integer.parseInt(props.get(BATCH));
            String sampleName = props.get(SAMPLE);
            if (sampleName != null) {
                sample = SAMPLES.get(sampleName);
                if (sample == null || sample.isEmpty()) {
                    throw new IllegalStateException("no sample '" + sampleName + "' registered in this JVM");
                }
                partition = Map.of("table", sampleName, "job", job);
                return;
            }
            String table = props.get(TABLE);
            keySchema = OrderRows.keySchema(table);
            valueSchema = OrderRows.valueSchema(table);
            for (int id = 1; id <= POOL; id++) {
                values.add(OrderRows.value(valueSchema, id));
            }
            partition = Map.of("table", Bench.DATABASE + "." + table, "job", job);
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (sent >= rows) {
                synchronized (wake) {
                    if (!stopping) {
                        wake.wait(1000);
                    }
                }
                return null;
            }
            int n = (int) Math.min(batch, rows - sent);
            List<SourceRecord> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long id = ++sent;
                boolean last = id == rows;
                ConnectHeaders headers = new ConnectHeaders();
                headers.addString("taskId", job).addLong("predictedTotal", rows).addLong("currentIndex", id)
                        .addBoolean("isEnd", last);
                Map<String, Object> offset = new HashMap<>();
                offset.put("run", 1L);
                offset.put("index", id);
                offset.put("lastRow", Long.toString(id));
                offset.put("done", last);
                SourceRecord s = sample == null ? null : sample.get((int) ((id - 1) % sample.size()));
                out.add(s != null
                        ? new SourceRecord(partition, offset, topic, null, s.keySchema(), s.key(), s.valueSchema(),
                                s.value(), null, headers)
                        : new SourceRecord(partition, offset, topic, null, keySchema, OrderRows.key(keySchema, id),
                                valueSchema, values.get((int) ((id - 1) % POOL)), null, headers));
            }
            return out;
        }

        @Override
        public void stop() {
            stopping = true;
            synchronized (wake) {
                wake.notifyAll();
            }
        }

        @Override
        public String version() {
            return "bench";
        }
    }
}
