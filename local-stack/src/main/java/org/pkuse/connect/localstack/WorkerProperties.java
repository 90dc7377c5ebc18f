package org.pkuse.connect.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of the local Connect workers (the quickstart's, the test kit's): one place, so that what the tests
 * prove is what the quickstart runs.
 */
public final class WorkerProperties {

    private WorkerProperties() {
    }

    /**
     * What every local worker has: JSON with schemas for keys and values, the plugins of {@code plugins} (when the
     * folder exists) found through their service files, offsets flushed every second, and a lost worker's tasks
     * moved after 5 s instead of 5 minutes.
     */
    public static Map<String, String> common(Path plugins) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("key.converter.schemas.enable", "true");
        p.put("value.converter.schemas.enable", "true");
        p.put("offset.flush.interval.ms", "1000");
        p.put("scheduled.rebalance.max.delay.ms", "5000");
        // service_load: a worker starts in seconds and reads only the plugins' META-INF/services.
        p.put("plugin.discovery", "service_load");
        if (plugins != null && Files.isDirectory(plugins)) {
            p.put("plugin.path", plugins.toAbsolutePath().toString());
        }
        return p;
    }

    /**
     * A distributed worker of group {@code groupId} on a one-broker cluster, its REST API on {@code 127.0.0.1:port}:
     * {@link #common} plus the group, its three internal topics and the listener.
     */
    public static Map<String, String> distributed(String bootstrapServers, String groupId, int port, Path plugins) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", groupId);
        p.put("config.storage.topic", groupId + "-configs");
        p.put("offset.storage.topic", groupId + "-offsets");
        p.put("status.storage.topic", groupId + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.putAll(common(plugins));
        p.put("listeners", "http://127.0.0.1:" + port);
        p.put("rest.advertised.host.name", "127.0.0.1");
        return p;
    }
}
