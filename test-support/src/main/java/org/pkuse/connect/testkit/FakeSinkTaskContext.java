package org.pkuse.connect.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The worker's side of a sink task, as far as the task talks to it, for tests that run a task without a worker: it
 * records the rewinds ({@link #offset}) and the wake-up requests ({@link #timeout}), and, when made
 * {@link #withDeadLetters}, the records reported to the dead-letter queue.
 */
public final class FakeSinkTaskContext implements SinkTaskContext {

    public final Map<TopicPartition, Long> rewinds = new HashMap<>();
    public final List<Long> timeouts = new ArrayList<>();
    public final Set<TopicPartition> assignment = new HashSet<>();
    /** Records reported to the dead-letter queue, with their errors (only {@link #withDeadLetters}). */
    public final List<Map.Entry<SinkRecord, Throwable>> deadLettered = new ArrayList<>();
    private final Map<String, String> configs;
    private boolean deadLetters;

    public FakeSinkTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    /** This context with a dead-letter queue (as {@code errors.tolerance=all} with a DLQ topic gives). */
    public FakeSinkTaskContext withDeadLetters() {
        deadLetters = true;
        return this;
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
        if (!deadLetters) {
            return null;
        }
        return (record, error) -> {
            synchronized (deadLettered) {
                deadLettered.add(Map.entry(record, error));
            }
            return CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
