package org.pkuse.connect.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The command line of {@link BenchMain}; see {@link #USAGE}. */
public record BenchOptions(long rows, long bigRows, int batchSize, Set<String> parts, boolean jfr, Path out,
                           Path work) {

    public static final String USAGE = String.join("\n",
            "Usage: bench/run.sh [--rows N] [--big-rows M] [--batch-size B]",
            "                    [--only sink,source,e2e,memory,hbase-sink,jdbc-source,formats,job-cost] [--jfr]",
            "                    [--out FILE]",
            "  --rows N        rows per scenario (default 1000000; 20000 makes a quick run)",
            "  --big-rows M    memory part: our sink (upsert), source and end to end at N and at M rows with the",
            "                  live heap measured (a full GC every 5 s); with hbase-sink, our HBase sink too;",
            "                  with jdbc-source, our JDBC source too (default 0: skipped)",
            "  --batch-size B  batch.size of both JDBC sinks, of the plain JDBC ceiling and of our HBase sink",
            "                  (default 3000, the seed's)",
            "  --only PARTS    comma-separated subset of sink, source, e2e, memory, hbase-sink, jdbc-source,",
            "                  formats (the seed job with JSON and with Avro against the framework's ceiling)",
            "                  (default all); also job-cost, run only when named: our JDBC sink with and without",
            "                  the job headers, 1 and 2 tasks, Avro, on the formats part's topic (a diagnostic)",
            "  --jfr           record each run with Java Flight Recorder into bench/target/jfr/ and write its",
            "                  hottest methods beside it",
            "  --out FILE      where the markdown results go (default bench/RESULTS.md)");

    /** A diagnostic part, never in the default set: what the job protocol costs our JDBC sink. */
    static final String JOB_COST = "job-cost";
    static final List<String> PARTS = List.of("sink", "source", "e2e", "memory", "hbase-sink",
            "jdbc-source", "formats");

    public static BenchOptions parse(String[] args, Path benchDir) {
        long rows = 1_000_000;
        long bigRows = 0;
        int batchSize = 3000;
        Set<String> parts = new LinkedHashSet<>(PARTS);
        boolean jfr = false;
        Path out = benchDir.resolve("RESULTS.md");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--rows" -> rows = parseCount(value(args, ++i, a));
                case "--big-rows" -> bigRows = parseCount(value(args, ++i, a));
                case "--batch-size" -> batchSize = (int) parseCount(value(args, ++i, a));
                case "--only" -> {
                    parts = new LinkedHashSet<>();
                    for (String p : value(args, ++i, a).split(",")) {
                        String part = p.trim().toLowerCase(Locale.ROOT);
                        if (!PARTS.contains(part) && !part.equals(JOB_COST)) {
                            throw new IllegalArgumentException("--only: unknown part '" + p + "'\n" + USAGE);
                        }
                        parts.add(part);
                    }
                }
                case "--jfr" -> jfr = true;
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("Unknown argument '" + a + "'\n" + USAGE);
            }
        }
        if (rows < 2) {
            throw new IllegalArgumentException("--rows must be at least 2");
        }
        return new BenchOptions(rows, bigRows, batchSize, parts, jfr, out, benchDir.resolve("target"));
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    /** 1000000, 1_000_000, 1M, 500k. */
    static long parseCount(String text) {
        String t = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        long factor = 1;
        if (t.endsWith("k")) {
            factor = 1_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 1_000_000;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * factor;
    }

    public boolean runs(String part) {
        return parts.contains(part);
    }
}
