package org.pkuse.connect.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * The format part's ratios: per format and side, ours against the framework's null connector, the plain program
 * and the ceiling of both on these shared cores, {@code 1 / (1/null + 1/plain)} (the framework's work and the
 * store's work one after the other), beside {@code min(null, plain)} (perfect overlap); and issue 15's targets.
 */
final class ConverterReport {

    private final Bench bench;

    ConverterReport(Bench bench) {
        this.bench = bench;
    }

    private Optional<Result> get(String key) {
        return bench.result(key);
    }

    private static double rate(Optional<Result> r) {
        return r.map(Result::rowsPerSecond).orElse(Double.NaN);
    }

    static double ceiling(double nullRate, double plainRate) {
        return 1 / (1 / nullRate + 1 / plainRate);
    }

    /** Empty when the part did not run. */
    String table() {
        if (get("conv.plain.scan").isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        md.append("| Format | Side | Tasks | Ours (rows/s) | Null connector | Plain program | Ceiling "
                + "1/(1/null+1/plain) | min(null, plain) | Ours / ceiling | Ours / null | Ours / plain "
                + "| Ours / Debezium |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RecordFormat f : RecordFormat.values()) {
            row(md, f, "Source (HBase)", 1, rate(get(f.key("source.ours"))), rate(get(f.key("source.null"))),
                    rate(get("conv.plain.scan")), Double.NaN);
            for (int t = 1; t <= 2; t++) {
                row(md, f, "Sink (JDBC, upsert)", t, rate(get(f.key("sink.ours." + t))),
                        rate(get(f.key("sink.null." + t))), rate(get("conv.plain.upsert." + t)),
                        rate(get(f.key("sink.debezium." + t))));
            }
        }
        return md.toString();
    }

    private static void row(StringBuilder md, RecordFormat f, String side, int tasks, double ours, double nul,
                            double plain, double debezium) {
        if (Double.isNaN(ours)) {
            return;
        }
        double ceiling = ceiling(nul, plain);
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %s | %s | %s "
                + "| %s |%n", f.label(), side, tasks, ours, nul, plain, ceiling, Math.min(nul, plain),
                ratio(ours / ceiling), ratio(ours / nul), ratio(ours / plain),
                Double.isNaN(debezium) ? "" : ratio(ours / debezium)));
    }

    private static String ratio(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.2f×", x);
    }

    /** Issue 15's targets, one row each. */
    String targets() {
        if (get("conv.plain.scan").isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        for (RecordFormat f : RecordFormat.values()) {
            target(md, f.label() + ": source ≥ 0.8× its ceiling", rate(get(f.key("source.ours"))),
                    ceiling(rate(get(f.key("source.null"))), rate(get("conv.plain.scan"))), 0.8);
            for (int t = 1; t <= 2; t++) {
                target(md, f.label() + ": sink, " + t + " task(s), ≥ 0.8× its ceiling",
                        rate(get(f.key("sink.ours." + t))), ceiling(rate(get(f.key("sink.null." + t))),
                                rate(get("conv.plain.upsert." + t))), 0.8);
                target(md, f.label() + ": sink, " + t + " task(s), ≥ 3× Debezium", rate(get(f.key("sink.ours." + t))),
                        rate(get(f.key("sink.debezium." + t))), 3);
            }
        }
        Optional<Result> e2e = get(RecordFormat.AVRO.key("e2e"));
        Optional<Result> scan = get("conv.plain.scan");
        Optional<Result> insert = get("conv.plain.insert.1");
        if (e2e.isPresent() && scan.isPresent() && insert.isPresent()) {
            double plain = scan.get().seconds() + insert.get().seconds();
            double x = e2e.get().seconds() / plain;
            md.append(String.format(Locale.ROOT, "| End to end, %s: ≤ 2× (plain scan + plain insert) time | %.1f s "
                    + "vs %.1f s = %s | %s |%n", RecordFormat.AVRO.label(), e2e.get().seconds(), plain, ratio(x),
                    x <= 2 ? "yes" : "**no**"));
        }
        return md.toString();
    }

    private static void target(StringBuilder md, String what, double ours, double bar, double factor) {
        if (Double.isNaN(ours) || Double.isNaN(bar)) {
            return;
        }
        double x = ours / bar;
        md.append(String.format(Locale.ROOT, "| %s | %,.0f rows/s vs %,.0f: %s | %s |%n", what, ours, bar,
                ratio(x), x >= factor ? "yes" : "**no**"));
    }
}
