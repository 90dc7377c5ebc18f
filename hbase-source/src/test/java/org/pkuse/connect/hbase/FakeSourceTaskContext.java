package org.pkuse.connect.hbase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The worker's side of a source task: the offsets it holds per source partition (as Connect stores them, maps of
 * plain values), and the partitions the task asked for.
 */
final class FakeSourceTaskContext implements SourceTaskContext {

    final Map<Map<String, Object>, Map<String, Object>> stored = new HashMap<>();
    final List<Map<String, ?>> asked = new ArrayList<>();
    private final Map<String, String> configs;

    FakeSourceTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                asked.add(partition);
                return stored.get(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                for (Map<String, T> p : partitions) {
                    Map<String, Object> o = offset(p);
                    if (o != null) {
                        out.put(p, o);
                    }
                }
                return out;
            }
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
