package org.pkuse.connect.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The framework's ceiling for a sink: a connector whose tasks count their records and drop them. It runs on the
 * same workers with the same converters as our sinks, so what it reaches is what the worker's consumer, the
 * converter and the put() loop allow before any database work. Found on the bench's class path through its service
 * file; its counts are read in this JVM (the workers run here).
 */
public final class DiscardingSinkConnector extends SinkConnector {

    private static final Map<String, LongAdder> RECEIVED = new ConcurrentHashMap<>();

    private Map<String, String> props;

    /** Records the tasks of connector {@code name} have been handed so far. */
    static long received(String name) {
        LongAdder n = RECEIVED.get(name);
        return n == null ? 0 : n.sum();
    }

    static void forget(String name) {
        RECEIVED.remove(name);
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DiscardingTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
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

    /** Counts and drops. */
    public static final class DiscardingTask extends SinkTask {

        private LongAdder received;

        @Override
        public void start(Map<String, String> props) {
            received = RECEIVED.computeIfAbsent(props.get("name"), k -> new LongAdder());
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            received.add(records.size());
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "bench";
        }
    }
}
