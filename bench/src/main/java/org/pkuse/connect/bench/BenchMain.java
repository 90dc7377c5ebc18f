package org.pkuse.connect.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.TestKit;

/**
 * Issue 6's benchmark: our sources and sinks beside the raw ceilings and Debezium's JDBC sink, on the test kit's real
 * components, on this machine. Prints one markdown table and writes it to {@code bench/RESULTS.md}. Start it with
 * {@code bench/run.sh}, which builds what it needs.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path benchDir = Path.of(System.getProperty("pkuse.bench.dir", "bench")).toAbsolutePath().normalize();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, benchDir);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            exitSoon(2);
            return;
        }
        Path plugins = Path.of(System.getProperty("pkuse.plugins.dir",
                benchDir.resolve("target/plugins").toString()));
        System.setProperty("pkuse.plugins.dir", plugins.toString());
        for (String folder : pluginFolders(options)) {
            if (!Files.isDirectory(plugins.resolve(folder))) {
                System.err.println("Missing plugin folder " + plugins.resolve(folder) + ": build with bench/run.sh");
                System.exit(2);
            }
        }
        String command = "bench/run.sh " + String.join(" ", args);
        System.out.println("Benchmark: " + command.trim() + "\nMachine: " + Report.machine());

        boolean needHBase = options.runs("source") || options.runs("e2e") || options.runs("hbase-sink")
                || options.runs("formats") || options.runs(BenchOptions.JOB_COST) || (options.runs("memory") && options.bigRows() > 0);
        MariaDbServer mariaDb = TestKit.mariaDb();
        mariaDb.recreateDatabase(Bench.DATABASE);
        boolean avro = options.runs("formats") || options.runs(BenchOptions.JOB_COST);
        ConnectCluster connect = avro ? scanningCluster() : TestKit.connect();
        HBaseCluster hbase = needHBase ? TestKit.hbase() : null;
        int exit = 0;
        try (Bench bench = new Bench(options, connect, mariaDb, hbase)) {
            try {
                run(bench, options);
            } catch (Exception e) {
                exit = 1;
                System.err.println("Benchmark stopped: " + e);
                e.printStackTrace();
            }
            Report report = new Report(bench, command.trim());
            System.out.println();
            System.out.println(report.table());
            System.out.println(report.targets());
            if (!bench.results.isEmpty()) {
                report.write(options.out());
                System.out.println("Written to " + options.out());
            }
        }
        exitSoon(exit);
    }

    /**
     * Workers that also find Apicurio's Avro converter, whose jar has no service file: the plugin scan users need
     * for it (plugin.discovery=hybrid_warn), slower to start.
     */
    private static ConnectCluster scanningCluster() {
        ConnectCluster connect = ConnectCluster.start(Map.of("plugin.discovery", "hybrid_warn"));
        Runtime.getRuntime().addShutdownHook(new Thread(connect::close, "bench-connect-stop"));
        return connect;
    }

    /** The plugin folders the chosen parts load, so that a partial run needs no other build (Debezium's). */
    private static List<String> pluginFolders(BenchOptions options) {
        List<String> folders = new ArrayList<>();
        if (options.runs("sink") || options.runs("e2e") || options.runs("memory") || options.runs("jdbc-source")) {
            folders.add("pkuse-jdbc-sink");
        }
        if (options.runs("source") || options.runs("e2e") || options.runs("memory") || options.runs("hbase-sink")) {
            folders.add("pkuse-hbase-source");
        }
        if (options.runs("sink") || options.runs("formats")) {
            folders.add("debezium-connector-jdbc");
        }
        if (options.runs("formats") || options.runs(BenchOptions.JOB_COST)) {
            folders.addAll(List.of("pkuse-jdbc-sink", "pkuse-hbase-source", "apicurio-converter"));
        }
        return folders.stream().distinct().toList();
    }

    /**
     * Exits, stopping the components through the test kit's shutdown hooks; if a worker's own shutdown hook hangs
     * (seen once: Jetty's thread pool join in RestServer.stop), halts after a minute: the results are written.
     */
    private static void exitSoon(int code) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("Shutdown hooks still running after 60 s; halting");
            Runtime.getRuntime().halt(code);
        }, "bench-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(code);
    }

    private static void run(Bench bench, BenchOptions options) throws Exception {
        long rows = options.rows();
        SinkBench sink = new SinkBench(bench);
        SourceBench source = new SourceBench(bench);
        if (options.runs("sink")) {
            sink.runAll(rows);
        }
        String table = null;
        if (options.runs("source") || options.runs("e2e")) {
            source.warmUp();
            table = source.prepareTable(rows);
        }
        if (options.runs("source")) {
            source.plainScan(table, rows);
            source.plainProducer(rows);
            source.ours(table, rows, "");
            source.oursSeed(table, rows);
            source.compressionVariant(table, rows);
        }
        if (options.runs("e2e")) {
            source.endToEnd(table, rows, "");
            source.endToEndSeed(table, rows);
        }
        if (table != null) {
            bench.hbase.dropTable(SourceBench.NAMESPACE + ":" + table);
        }
        long big = options.bigRows();
        if (options.runs("memory") && big > 0) {
            memory(bench, sink, source, rows, big);
        }
        if (options.runs("hbase-sink")) {
            // Its memory runs belong to this part: --only hbase-sink --big-rows M measures them on their own.
            HBaseSinkBench hbaseSink = new HBaseSinkBench(bench);
            hbaseSink.runAll(rows);
            if (big > 0) {
                hbaseSink.memory(rows, big);
            }
        }
        if (options.runs("formats")) {
            new ConverterBench(bench, TestKit.registry().url()).runAll(rows);
        }
        if (options.runs(BenchOptions.JOB_COST)) {
            new ConverterBench(bench, TestKit.registry().url()).runJobCost(rows);
        }
        if (options.runs("jdbc-source")) {
            // As with hbase-sink, its memory runs belong to this part.
            JdbcSourceBench jdbcSource = new JdbcSourceBench(bench);
            jdbcSource.runAll(rows);
            if (big > 0) {
                jdbcSource.memory(rows, big);
            }
        }
    }

    /**
     * Our connectors at N and at M rows with the live heap measured (a full collection every few seconds): the
     * heap they need is set by their batch and queue settings, not by the table size.
     */
    private static void memory(Bench bench, SinkBench sink, SourceBench source, long rows, long big)
            throws Exception {
        System.out.printf("%nMemory: our connectors at %,d and %,d rows, live heap sampled%n", rows, big);
        for (long n : List.of(rows, big)) {
            sink.runOursOnly(n, "mem." + n + ".");
        }
        for (long n : List.of(rows, big)) {
            String table = source.prepareTable(n);
            source.ours(table, n, "mem." + n + ".");
            source.endToEnd(table, n, "mem." + n + ".");
            bench.hbase.dropTable(SourceBench.NAMESPACE + ":" + table);
        }
    }
}
