package org.pkuse.connect.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The properties of the local Connect workers (the quickstart's, the test kit's): one place, so that what the tests
 * prove is what the quickstart runs.
 */
public final class WorkerProperties {

    /** The worker file users take for Avro, under {@code config-examples/}. */
    public static final String AVRO_EXAMPLE = "worker/connect-avro-distributed.properties";
    /** The registry's address in that file: the docker-compose service. */
    private static final String EXAMPLE_REGISTRY = "http://registry:8080";

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

    /**
     * Keys and values in Avro as users set it up: the {@code key.converter*}, {@code value.converter*} and
     * {@code plugin.discovery} lines of {@link #AVRO_EXAMPLE} (read from {@link ExampleConfigs#dir()}), pointed at
     * the registry whose root is {@code registryUrl}. The caller adds the converter's folder to {@code plugin.path}.
     */
    public static Map<String, String> avro(String registryUrl) {
        Properties example = new Properties();
        try (Reader in = Files.newBufferedReader(ExampleConfigs.dir().resolve(AVRO_EXAMPLE))) {
            example.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> p = new TreeMap<>();
        for (String key : example.stringPropertyNames()) {
            if (key.startsWith("key.converter") || key.startsWith("value.converter") || key.equals("plugin.discovery")) {
                p.put(key, example.getProperty(key).replace(EXAMPLE_REGISTRY, registryUrl));
            }
        }
        return p;
    }
}
