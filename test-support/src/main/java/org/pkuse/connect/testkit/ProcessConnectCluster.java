package org.pkuse.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.pkuse.connect.localstack.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A distributed Connect cluster whose workers are separate JVMs ({@code ConnectDistributed worker.properties})
 * against one in-process Kafka broker, so that a test can SIGKILL a worker mid-job, as a crash or an OOM killer
 * does, and start it again: {@link ConnectCluster}'s in-process workers can only stop gracefully. Our plugins load
 * only through {@code plugin.path}, as in production; the workers' class path is Connect's own (see
 * {@link WorkerClassPath}).
 *
 * <pre>{@code
 * try (ProcessConnectCluster connect = ProcessConnectCluster.builder()
 *         .workerProp("session.timeout.ms", "10000").start()) {
 *     connect.rest().createConnector("c", config);
 *     connect.awaitRunning("c", 1, Duration.ofSeconds(60));
 *     connect.kill(connect.workerRunning("c", 0));
 * }
 * }</pre>
 */
public final class ProcessConnectCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessConnectCluster.class);
    public static final int DEFAULT_WORKERS = 2;
    public static final String GROUP_ID = "pkuse-process-connect";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final EmbeddedKafkaCluster kafka;
    private final Path dir;
    private final List<WorkerProcess> workers;
    private final ConnectRest rest;
    private final Thread killOnExit;
    private boolean closed;

    private ProcessConnectCluster(EmbeddedKafkaCluster kafka, Path dir, List<WorkerProcess> workers) {
        this.kafka = kafka;
        this.dir = dir;
        this.workers = List.copyOf(workers);
        // Any live worker answers (and forwards to the leader), so a killed worker never breaks the client.
        this.rest = new ConnectRest(() -> liveWorker().url());
        // A worker must not outlive the test JVM, also when a test forgot close().
        this.killOnExit = new Thread(() -> this.workers.forEach(WorkerProcess::destroyForcibly),
                "pkuse-kill-connect-workers");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Two workers with the kit's default worker properties. */
    public static ProcessConnectCluster start() {
        return builder().start();
    }

    /** {@code workers} workers; {@code extraWorkerProps} are added to (and override) the default properties. */
    public static ProcessConnectCluster start(int workers, Map<String, String> extraWorkerProps) {
        return builder().workers(workers).workerProps(extraWorkerProps).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The properties every worker gets before a test's own, on the REST port given. */
    static Map<String, String> defaultWorkerProperties(String bootstrapServers, int port) {
        Map<String, String> p = WorkerProperties.distributed(bootstrapServers, GROUP_ID, port,
                ConnectCluster.pluginsDir());
        p.put("offset.storage.partitions", "5");
        p.put("connector.client.config.override.policy", "All");
        p.put("rest.advertised.port", Integer.toString(port));
        return p;
    }

    public ConnectRest rest() {
        return rest;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public EmbeddedKafkaCluster kafka() {
        return kafka;
    }

    /** Creates a topic; the broker does not create topics on first use. */
    public void createTopic(String topic, int partitions) {
        kafka.createTopic(topic, partitions);
    }

    /** How many workers the cluster has, live or not. */
    public int workers() {
        return workers.size();
    }

    /** Worker {@code index}: its pid, port, log file, whether it is alive. */
    public WorkerProcess worker(int index) {
        return workers.get(index);
    }

    /** The index of the worker that {@code GET /connectors/{name}/status} names for {@code task}. */
    public int workerRunning(String connector, int task) {
        String workerId = rest.status(connector).path("tasks").path(task).path("worker_id").asText();
        return workers.stream().filter(w -> w.workerId().equals(workerId)).mapToInt(WorkerProcess::index)
                .findFirst().orElseThrow(() -> new IllegalStateException("task " + task + " of " + connector
                        + " runs on '" + workerId + "', no worker of this cluster"));
    }

    /** SIGKILL, then waits until the JVM is gone. */
    public void kill(int worker) {
        workers.get(worker).kill();
        log.info("Connect worker {} killed (SIGKILL)", worker);
    }

    /** SIGTERM, then waits until the JVM is gone: tasks stop and commit, the worker leaves the group. */
    public void stop(int worker) {
        workers.get(worker).stop();
        log.info("Connect worker {} stopped (SIGTERM)", worker);
    }

    /** Starts a killed or stopped worker again, same port and properties; returns once its REST API is healthy. */
    public void restart(int worker) {
        long started = System.nanoTime();
        WorkerProcess w = workers.get(worker);
        w.start();
        w.awaitReady(START_TIMEOUT);
        log.info("Connect worker {} back in {} ms", worker, (System.nanoTime() - started) / 1_000_000);
    }

    /** Waits until at least {@code count} workers are alive and each answers {@code /health} and {@code /connectors}. */
    public void awaitWorkers(int count, Duration timeout) {
        Wait.until("Connect workers healthy: " + count, timeout, () -> workers.stream()
                .filter(WorkerProcess::alive).filter(ProcessConnectCluster::answers).count() >= count);
    }

    /** Waits until the connector and {@code tasks} tasks report RUNNING. */
    public JsonNode awaitRunning(String connector, int tasks, Duration timeout) {
        return ConnectorStates.awaitRunning(rest, connector, tasks, timeout);
    }

    /** Waits until the connector's status satisfies {@code condition}; returns that status. */
    public JsonNode awaitStatus(String connector, Duration timeout, String what, Predicate<JsonNode> condition) {
        return ConnectorStates.await(rest, connector, timeout, what, condition);
    }

    private static boolean answers(WorkerProcess worker) {
        try {
            ConnectRest r = new ConnectRest(worker.url());
            return r.get("/health").status() == 200 && r.get("/connectors").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private WorkerProcess liveWorker() {
        return workers.stream().filter(WorkerProcess::alive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Connect worker is alive"));
    }

    /** Set to true to keep the workers' folders (logs) after {@link #close()}, for a post-mortem. */
    public static final String KEEP_LOGS = "pkuse.keep.worker.logs";

    /** Kills every worker, stops the broker and removes the workers' folder (with their logs, unless kept). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(WorkerProcess::kill);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: the hook runs anyway
        }
        try {
            kafka.stop();
        } finally {
            if (Boolean.getBoolean(KEEP_LOGS)) {
                log.info("Worker logs kept in {} ({})", dir, KEEP_LOGS);
            } else {
                TestFiles.deleteQuietly(dir);
            }
        }
    }

    /** Worker count, extra worker properties and broker properties for a cluster; {@link #start()} starts it. */
    public static final class Builder {

        private int workers = DEFAULT_WORKERS;
        private final Map<String, String> workerProps = new LinkedHashMap<>();
        private final Properties brokerProps = new Properties();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean everythingLogged;

        private Builder() {
            brokerProps.put("auto.create.topics.enable", "false");
            brokerProps.put("group.initial.rebalance.delay.ms", "0");
            brokerProps.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        }

        public Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("at least one worker, not " + count);
            }
            this.workers = count;
            return this;
        }

        /** A worker property added to, or overriding, the defaults: e.g. {@code exactly.once.source.support}. */
        public Builder workerProp(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        public Builder workerProps(Map<String, String> props) {
            workerProps.putAll(props);
            return this;
        }

        /** An environment variable of every worker JVM. */
        public Builder workerEnv(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Every logger at INFO in the workers' logs, the clients' config dumps included. */
        public Builder everythingLogged() {
            everythingLogged = true;
            return this;
        }

        public Builder brokerProp(String key, String value) {
            brokerProps.put(key, value);
            return this;
        }

        /** Starts the broker, then the workers in parallel, and returns once all of them answer REST. */
        public ProcessConnectCluster start() {
            long started = System.nanoTime();
            Path plugins = ConnectCluster.pluginsDir();
            if (plugins == null || !Files.isDirectory(plugins)) {
                log.warn("No plugin folder at {}: the workers load no pkuse plugin", plugins);
            }
            EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, brokerProps);
            kafka.start();
            Path dir;
            try {
                dir = Files.createTempDirectory("pkuse-connect-workers");
            } catch (IOException e) {
                kafka.stop();
                throw new UncheckedIOException(e);
            }
            List<WorkerProcess> list = new ArrayList<>();
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < workers; i++) {
                int port = FreePort.find();
                while (!ports.add(port)) {
                    port = FreePort.find();
                }
                Map<String, String> props = defaultWorkerProperties(kafka.bootstrapServers(), port);
                props.putAll(workerProps);
                list.add(new WorkerProcess(i, port, dir.resolve("worker-" + i), props, environment, everythingLogged));
            }
            ProcessConnectCluster cluster = new ProcessConnectCluster(kafka, dir, list);
            try {
                list.forEach(WorkerProcess::start);
                list.forEach(w -> w.awaitReady(START_TIMEOUT));
                cluster.awaitWorkers(workers, START_TIMEOUT);
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
            log.info("Connect cluster of {} worker JVMs up: REST {}, Kafka {}, in {} ms", workers,
                    list.stream().map(WorkerProcess::url).toList(), kafka.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000);
            return cluster;
        }
    }
}
