package org.pkuse.connect.quickstart;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.pkuse.connect.localstack.ConnectRest;
import org.pkuse.connect.localstack.HBaseCluster;
import org.pkuse.connect.localstack.KafkaBroker;
import org.pkuse.connect.localstack.MariaDbServer;
import org.pkuse.connect.localstack.Wait;
import org.pkuse.connect.localstack.WorkerProperties;

/**
 * Everything the quickstart runs, on 127.0.0.1, from released artifacts only: a KRaft broker (own JVM), one
 * distributed Connect worker ({@code ConnectDistributed}, in this JVM) whose plugin.path holds the packaged plugin
 * folders, an HBase mini cluster (own JVM; when the job reads or writes HBase) and MariaDB (when it reads or writes
 * MariaDB). HBase and MariaDB start while Kafka and Connect do.
 */
final class LocalStack implements AutoCloseable {

    private final long started = System.nanoTime();
    private final PrintStream out;
    private KafkaBroker kafka;
    private Connect<?> connect;
    private HBaseCluster hbase;
    private MariaDbServer mariaDb;
    private ConnectRest rest;

    LocalStack(PrintStream out) {
        this.out = out;
    }

    void start(int restPort, Path pluginsDir, Path stateDir, SeedJob job) {
        CompletableFuture<HBaseCluster> hbaseStart = job.needsHBase()
                ? CompletableFuture.supplyAsync(HBaseCluster::start)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<MariaDbServer> mariaDbStart = job.needsMariaDb()
                ? CompletableFuture.supplyAsync(() -> MariaDbServer.start("root")) // the seed config's account
                : CompletableFuture.completedFuture(null);

        kafka = KafkaBroker.start(stateDir.resolve("kafka"), Map.of("auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0"), Duration.ofSeconds(90));
        step("Kafka broker (KRaft)", kafka.bootstrapServers());

        Map<String, String> worker = WorkerProperties.distributed(kafka.bootstrapServers(), "pkuse-quickstart",
                restPort, pluginsDir);
        connect = new ConnectDistributed().startConnect(worker);
        rest = new ConnectRest("http://127.0.0.1:" + restPort);
        Wait.until("Connect REST on port " + restPort + " listing the pkuse plugins", Duration.ofSeconds(90), () -> {
            ConnectRest.Response plugins = rest.get("/connector-plugins");
            return plugins.status() == 200 && plugins.body().toString().contains(job.sourceClass())
                    && plugins.body().toString().contains(job.sinkClass());
        });
        step("Connect worker (distributed)", rest.baseUrl() + "  plugins: " + simpleName(job.sourceClass()) + ", "
                + simpleName(job.sinkClass()));

        hbase = hbaseStart.join();
        if (hbase != null) {
            step("HBase mini cluster", "ZooKeeper " + hbase.zkQuorum() + ":" + hbase.zkPort());
        }
        mariaDb = mariaDbStart.join();
        if (mariaDb != null) {
            step("MariaDB", mariaDb.host() + ":" + mariaDb.port() + "  user root, password root");
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

    @Override
    public void close() {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (hbase != null) {
            hbase.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }
}
