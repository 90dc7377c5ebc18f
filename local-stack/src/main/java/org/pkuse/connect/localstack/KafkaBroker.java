package org.pkuse.connect.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KRaft node (broker and controller) in a JVM of its own, run as Kafka's distribution runs it: storage formatted
 * by {@code kafka.tools.StorageTool}, then {@code kafka.Kafka} with a properties file. Both come from the released
 * {@code kafka_2.13} jar on this JVM's class path. Its log and stdout go to files in its folder, or in the log folder
 * given to {@link #start(Path, Map, Duration, Path)}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String LOG4J2 = String.join("\n",
            "status = warn",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:pkuse.broker.log}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.file.ref = file",
            "");

    private final Path dir;
    private final Path logDir;
    private final int port;
    private final Process process;

    private KafkaBroker(Path dir, Path logDir, int port, Process process) {
        this.dir = dir;
        this.logDir = logDir;
        this.port = port;
        this.process = process;
    }

    /** Formats a fresh log folder under {@code dir} and starts the node; returns once it answers clients. */
    public static KafkaBroker start(Path dir, Map<String, String> overrides, Duration timeout) {
        return start(dir, overrides, timeout, dir);
    }

    /**
     * As {@link #start(Path, Map, Duration)}, with the broker's log ({@code broker.log}) and output
     * ({@code broker.out}) in {@code logDir}, which {@link #close()} leaves in place.
     */
    public static KafkaBroker start(Path dir, Map<String, String> overrides, Duration timeout, Path logDir) {
        int port = FreePort.find();
        int controllerPort = FreePort.find();
        try {
            Files.createDirectories(dir);
            Files.createDirectories(logDir);
            Path config = writeConfig(dir, port, controllerPort, overrides);
            Files.writeString(dir.resolve("log4j2.properties"), LOG4J2, StandardCharsets.UTF_8);
            long started = System.nanoTime();
            Process format = launch(dir, logDir, "kafka.tools.StorageTool", "format", "-t",
                    Uuid.randomUuid().toString(), "-c", config.toString());
            if (!format.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("Formatting the broker's storage failed; see "
                        + logDir.resolve("broker.out"));
            }
            KafkaBroker broker = new KafkaBroker(dir, logDir, port, launch(dir, logDir, "kafka.Kafka",
                    config.toString()));
            broker.awaitReady(timeout);
            log.info("Kafka broker (KRaft) up on {} in {} ms", broker.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the broker", e);
        }
    }

    private static Path writeConfig(Path dir, int port, int controllerPort, Map<String, String> overrides)
            throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        // One node: every internal topic has a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.putAll(overrides);
        Path file = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "pkuse local stack: one KRaft node");
        }
        return file;
    }

    /**
     * A child JVM on this JVM's class path, watching its stdin so that it dies with this JVM, deaf to a terminal's
     * Ctrl-C ({@link ChildCommand#ignoringInterrupt}): {@link #close()} stops it.
     */
    private static Process launch(Path dir, Path logDir, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toUri());
        command.add("-Dpkuse.broker.log=" + logDir.resolve("broker.log"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ParentWatch.class.getName());
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(ChildCommand.ignoringInterrupt(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("broker.out").toFile())).start();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited (" + process.exitValue() + "); see "
                            + logDir.resolve("broker.log") + " and " + logDir.resolve("broker.out"));
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    Thread.sleep(200);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Kafka broker not up within " + timeout.toSeconds() + " s; see "
                + logDir.resolve("broker.log"));
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates a topic with one replica; fails if it exists. */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topic " + topic, e);
        }
    }

    /** SIGTERM (Kafka's controlled shutdown), SIGKILL after 30 s; then removes the folder (not a separate log folder). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Folders.deleteQuietly(dir);
    }
}
