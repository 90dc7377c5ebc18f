package org.pkuse.connect.testkit;

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
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.pkuse.connect.localstack.ParentWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Connect worker in a JVM of its own, so that a test can SIGKILL it mid-job (no task {@code stop()}, no final
 * offset commit, no group leave) and start it again on the same port with the same properties. Its log4j2 log and
 * its stdout/stderr go to files in its folder, kept across restarts.
 */
public final class WorkerProcess {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final String LOG4J2_BASE = String.join("\n",
            "status = warn",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:pkuse.worker.log}",
            "appender.file.append = true",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = [%d] %p [%t] %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.file.ref = file",
            "");
    /** Every client's config dump at start-up, not needed to follow a rebalance or a task. */
    private static final String QUIET_CLIENTS = String.join("\n",
            "logger.clients.name = org.apache.kafka.clients",
            "logger.clients.level = warn",
            "logger.common.name = org.apache.kafka.common",
            "logger.common.level = warn",
            "");

    /** Our connectors at TRACE, so that a search of the whole log covers every line they can write. */
    private static final String OURS_TRACED = String.join("\n",
            "logger.pkuse.name = org.pkuse",
            "logger.pkuse.level = trace",
            "");

    private final int index;
    private final int port;
    private final Path log4j2File;
    private final Path propertiesFile;
    private final Path logFile;
    private final Path outFile;
    private final Map<String, String> environment;
    private volatile Process process;

    WorkerProcess(int index, int port, Path dir, Map<String, String> properties) {
        this(index, port, dir, properties, Map.of(), false);
    }

    /**
     * @param environment variables added to the worker JVM's environment ({@code EnvVarConfigProvider} reads them)
     * @param everything  log every logger at INFO, the clients' config dumps included, and ours at TRACE (for
     *                    tests that search the whole log)
     */
    WorkerProcess(int index, int port, Path dir, Map<String, String> properties, Map<String, String> environment,
                  boolean everything) {
        this.index = index;
        this.port = port;
        this.propertiesFile = dir.resolve("worker.properties");
        this.log4j2File = dir.resolve("log4j2.properties");
        this.logFile = dir.resolve("worker.log");
        this.outFile = dir.resolve("worker.out");
        this.environment = Map.copyOf(environment);
        try {
            Files.createDirectories(dir);
            Properties props = new Properties();
            props.putAll(properties);
            try (Writer out = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
                props.store(out, "Connect worker " + index);
            }
            Files.writeString(log4j2File, everything ? LOG4J2_BASE + OURS_TRACED : LOG4J2_BASE + QUIET_CLIENTS,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM and returns at once; {@link #awaitReady} waits for its REST API. */
    synchronized void start() {
        if (alive()) {
            throw new IllegalStateException("worker " + index + " is running: kill or stop it first");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dlog4j2.configurationFile=" + log4j2File.toUri());
        command.add("-Dpkuse.worker.log=" + logFile);
        command.add("-cp");
        command.add(WorkerClassPath.get());
        command.add(ParentWatch.class.getName());
        command.add(ConnectDistributed.class.getName());
        command.add(propertiesFile.toString());
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start worker " + index, e);
        }
        log.info("Connect worker {} started: pid {}, REST {}, log {}", index, process.pid(), url(), logFile);
    }

    /** Waits until {@code GET /health} answers 200; fails with the log's last lines if the JVM exits first. */
    void awaitReady(Duration timeout) {
        ConnectRest rest = new ConnectRest(url());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("Connect worker " + index + " exited (code "
                        + (p == null ? "none" : p.exitValue()) + ") before its REST API answered:\n" + logTail(60));
            }
            try {
                if (rest.get("/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            sleep(200);
        }
        throw new IllegalStateException("Connect worker " + index + " not healthy within " + timeout.toSeconds()
                + " s:\n" + logTail(60));
    }

    /** SIGKILL on Linux: the worker gets no chance to stop tasks, commit offsets or leave the group. */
    synchronized void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(30));
        }
    }

    /** SIGTERM: Connect's shutdown hook stops tasks, commits offsets and leaves the group. */
    synchronized void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!waitFor(p, Duration.ofSeconds(60))) {
                log.warn("Connect worker {} did not stop within 60 s: killing it", index);
                kill();
            }
        }
    }

    /** Kills the JVM without waiting; for a shutdown hook. */
    void destroyForcibly() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("worker " + index + " never started");
        }
        return p.pid();
    }

    public int index() {
        return index;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The id Connect reports in a task's {@code worker_id}: the advertised host and port. */
    public String workerId() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The worker JVM's stdout and stderr (what it printed before or besides its log). */
    public Path outFile() {
        return outFile;
    }

    /** The last lines of the worker's log, then of its stdout/stderr (where a JVM that failed early writes). */
    public String logTail(int lines) {
        return tail(logFile, lines) + "\n--- " + outFile.getFileName() + " ---\n" + tail(outFile, lines / 3);
    }

    /**
     * The last {@code max} lines of the worker's log at WARN or ERROR (with the first line of each stack trace), for
     * a test's failure message: what went wrong on this worker without the whole log.
     */
    public String warnings(int max) {
        try {
            if (!Files.exists(logFile)) {
                return "(no " + logFile + ")";
            }
            List<String> hits = Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("Caused by:"))
                    .toList();
            return String.join("\n", hits.subList(Math.max(0, hits.size() - max), hits.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker to exit", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker", e);
        }
    }
}
