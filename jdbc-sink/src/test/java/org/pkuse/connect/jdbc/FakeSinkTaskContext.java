package org.pkuse.connect.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The worker's side of a sink task, as far as the task talks to it: it records the rewinds ({@link #offset}) and
 * the wake-up requests ({@link #timeout}). No dead-letter queue.
 */
final class FakeSinkTaskContext implements SinkTaskContext {

    final Map<TopicPartition, Long> rewinds = new HashMap<>();
    final List<Long> timeouts = new ArrayList<>();
    final Set<TopicPartition> assignment = new HashSet<>();
    private final Map<String, String> configs;

    FakeSinkTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        rewinds.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        rewinds.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        timeouts.add(timeoutMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
        throw new UnsupportedOperationException("the sink task does not pause partitions");
    }

    @Override
    public void resume(TopicPartition... partitions) {
        throw new UnsupportedOperationException("the sink task does not resume partitions");
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return null;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
