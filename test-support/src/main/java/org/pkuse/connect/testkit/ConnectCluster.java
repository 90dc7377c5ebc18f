package org.pkuse.connect.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.pkuse.connect.localstack.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft) and a real distributed Connect cluster of two workers, in-process, whose
 * {@code plugin.path} holds the packaged plugin folders: our plugins load with Connect's class-loader isolation,
 * as in production.
 */
public final class ConnectCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectCluster.class);
    public static final int WORKERS = 2;

    private final EmbeddedConnectCluster cluster;
    private final ConnectRest rest;
    private final Path pluginPath;

    private ConnectCluster(EmbeddedConnectCluster cluster, Path pluginPath) {
        this.cluster = cluster;
        this.pluginPath = pluginPath;
        // Any running worker answers (and forwards to the leader), so a stopped worker never breaks the client.
        this.rest = new ConnectRest(() -> cluster.endpointForResource(""));
    }

    /** The folder that holds the packaged plugin folders: system property {@code pkuse.plugins.dir}. */
    public static Path pluginsDir() {
        String dir = System.getProperty("pkuse.plugins.dir", "");
        return dir.isBlank() ? null : Path.of(dir);
    }

    public static ConnectCluster start() {
        return start(Map.of());
    }

    /**
     * A cluster whose workers also get {@code workerOverrides}, e.g. {@code plugin.discovery=hybrid_warn} for a
     * converter plugin without a service file.
     */
    public static ConnectCluster start(Map<String, String> workerOverrides) {
        Path plugins = pluginsDir();
        if (plugins == null || !Files.isDirectory(plugins)) {
            log.warn("No plugin folder at {}: the workers load no pkuse plugin", plugins);
        }
        Map<String, String> worker = WorkerProperties.common(plugins);
        worker.put("connector.client.config.override.policy", "All");
        worker.putAll(workerOverrides);
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        broker.put("group.initial.rebalance.delay.ms", "0");
        broker.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        long started = System.nanoTime();
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name("pkuse-connect-it")
                .numWorkers(WORKERS)
                .numBrokers(1)
                .workerProps(worker)
                .brokerProps(broker)
                .maskExitProcedures(true)
                .build();
        cluster.start();
        ConnectCluster connect = new ConnectCluster(cluster, plugins);
        connect.awaitWorkers(WORKERS, Duration.ofSeconds(60));
        log.info("Connect cluster up: REST {}, Kafka {}, in {} ms", connect.restUrl(), connect.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return connect;
    }

    public String restUrl() {
        return rest.baseUrl();
    }

    public ConnectRest rest() {
        return rest;
    }

    public String bootstrapServers() {
        return cluster.kafka().bootstrapServers();
    }

    public EmbeddedKafkaCluster kafka() {
        return cluster.kafka();
    }

    public EmbeddedConnectCluster embedded() {
        return cluster;
    }

    public Path pluginPath() {
        return pluginPath;
    }

    /** Creates a topic; the embedded broker does not create topics on first use. */
    /**
     * Creates the topic and waits until the broker serves every partition's leader. Producing at once loses records
     * now and then (KAFKA-15591): a first request that reaches the broker before it applied the topic fails as "not
     * leader", a later one is appended, and the first then fails as out of order until its delivery timeout.
     */
    public void createTopic(String topic, int partitions) {
        cluster.kafka().createTopic(topic, partitions);
        awaitLeaders(topic, partitions);
    }

    public void createTopicIfMissing(String topic, int partitions) {
        if (cluster.kafka().describeTopics(topic).get(topic).isEmpty()) {
            createTopic(topic, partitions);
        }
    }

    private void awaitLeaders(String topic, int partitions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Optional<TopicDescription> d = cluster.kafka().describeTopics(topic).get(topic);
            if (d.isPresent() && d.get().partitions().size() == partitions
                    && d.get().partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + topic + ": not every partition has a leader after 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the leaders of " + topic, e);
            }
        }
    }

    /** Stops one worker gracefully (its tasks move to the others); returns it so a test may add one back. */
    public WorkerHandle stopOneWorker() {
        WorkerHandle worker = cluster.workers().iterator().next();
        cluster.removeWorker(worker);
        return worker;
    }

    /** Stops, gracefully, the worker that runs {@code task} of {@code connector}: its tasks move to the others. */
    public WorkerHandle stopWorkerRunning(String connector, int task) {
        String workerId = rest.status(connector).path("tasks").get(task).path("worker_id").asText();
        WorkerHandle worker = cluster.workers().stream()
                .filter(w -> workerId.endsWith(":" + w.url().getPort()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no running worker " + workerId));
        cluster.removeWorker(worker);
        return worker;
    }

    public WorkerHandle addWorker() {
        return cluster.addWorker();
    }

    public int healthyWorkers() {
        return cluster.healthyWorkers().size();
    }

    public void awaitWorkers(int count, Duration timeout) {
        Wait.until("Connect workers healthy: " + count, timeout,
                () -> cluster.healthyWorkers().size() >= count);
    }

    /** Waits until the connector and {@code tasks} tasks report RUNNING. */
    public void awaitRunning(String connector, int tasks, Duration timeout) {
        ConnectorStates.awaitRunning(rest, connector, tasks, timeout);
    }

    /** Waits until some task of the connector reports FAILED; returns the status with its trace. */
    public JsonNode awaitTaskFailed(String connector, Duration timeout) {
        return awaitStatus(connector, timeout, "a FAILED task", s -> {
            for (JsonNode task : s.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    return true;
                }
            }
            return "FAILED".equals(s.path("connector").path("state").asText());
        });
    }

    public JsonNode awaitStatus(String connector, Duration timeout, String what, Predicate<JsonNode> condition) {
        return ConnectorStates.await(rest, connector, timeout, what, condition);
    }

    @Override
    public void close() {
        cluster.stop();
    }
}
