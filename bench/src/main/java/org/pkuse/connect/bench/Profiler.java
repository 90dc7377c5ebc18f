package org.pkuse.connect.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * With {@code --jfr}: one Java Flight Recorder recording per run ({@code target/jfr/<run>.jfr}, JFR's 'profile'
 * settings) and beside it {@code <run>.txt}: CPU samples per thread group, and per group the hottest methods
 * (self time) and the hottest of our own frames (first {@code org.pkuse} frame on the stack).
 */
final class Profiler {

    private final Path dir;
    private final boolean enabled;
    private Recording recording;
    private String label;

    Profiler(Path dir, boolean enabled) {
        this.dir = dir;
        this.enabled = enabled;
    }

    void start(String label) {
        if (!enabled) {
            return;
        }
        try {
            Files.createDirectories(dir);
            recording = new Recording(Configuration.getConfiguration("profile"));
            // Denser than the profile's 10-20 ms: a 10 s run gives thousands of samples, and database waits of a
            // few ms (a row lock, a commit) show up.
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
            recording.enable("jdk.SocketRead").withThreshold(Duration.ofMillis(2));
            recording.setName(label);
            recording.setToDisk(true);
            recording.start();
            this.label = label;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("JFR could not start", e);
        }
    }

    /** Stops and dumps the recording; returns the summary file, or null when profiling is off. */
    Path stop() {
        if (recording == null) {
            return null;
        }
        try {
            recording.stop();
            Path file = dir.resolve(label + ".jfr");
            recording.dump(file);
            recording.close();
            recording = null;
            Path summary = dir.resolve(label + ".txt");
            Files.writeString(summary, summarize(file));
            return summary;
        } catch (IOException e) {
            throw new IllegalStateException("JFR dump failed", e);
        }
    }

    /** The thread's group: its name without trailing numbers. */
    static String group(String thread) {
        if (thread == null) {
            return "?";
        }
        return thread.replaceAll("[-_ #]?\\d+", "#");
    }

    static String summarize(Path file) throws IOException {
        Map<String, Long> byGroup = new HashMap<>();
        Map<String, Map<String, Long>> self = new HashMap<>();
        Map<String, Map<String, Long>> ours = new HashMap<>();
        Map<String, Double> waitByGroup = new HashMap<>();
        Map<String, Map<String, Double>> waits = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (WAITS.contains(type)) {
                String g = group(e.getThread() == null ? "?" : e.getThread().getJavaName());
                double s = e.getDuration().toNanos() / 1e9;
                waitByGroup.merge(g, s, Double::sum);
                waits.computeIfAbsent(g, k -> new HashMap<>()).merge(type.substring(4) + " at "
                        + firstApplicationFrame(e.getStackTrace()), s, Double::sum);
                continue;
            }
            if (!type.equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "?"
                    : e.getThread("sampledThread").getJavaName();
            String g = group(thread);
            total++;
            byGroup.merge(g, 1L, Long::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.computeIfAbsent(g, k -> new HashMap<>()).merge(frame(frames.get(0)), 1L, Long::sum);
            for (RecordedFrame f : frames) {
                String owner = f.getMethod().getType().getName();
                if (owner.startsWith("org.pkuse.connect.") && !owner.startsWith("org.pkuse.connect.bench")) {
                    ours.computeIfAbsent(g, k -> new HashMap<>()).merge(frame(f), 1L, Long::sum);
                    break;
                }
            }
        }
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf("%s: %d CPU samples (jdk.ExecutionSample)%n", file.getFileName(), total);
        List<Map.Entry<String, Long>> groups = byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12).toList();
        for (Map.Entry<String, Long> g : groups) {
            out.printf("%n== %s: %d samples (%.1f%%)%n", g.getKey(), g.getValue(), 100.0 * g.getValue() / total);
            out.println("  self:");
            top(self.get(g.getKey()), g.getValue(), 12, out);
            Map<String, Long> o = ours.get(g.getKey());
            if (o != null) {
                out.println("  first org.pkuse frame on the stack:");
                top(o, g.getValue(), 12, out);
            }
        }
        out.printf("%nWaiting (park, monitor wait, socket read, sleep of >= 10-20 ms each), seconds:%n");
        waitByGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(40)
                .forEach(g -> {
                    out.printf("%n== %s: %.1f s%n", g.getKey(), g.getValue());
                    waits.get(g.getKey()).entrySet().stream()
                            .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                            .forEach(w -> out.printf("    %7.2f s  %s%n", w.getValue(), w.getKey()));
                });
        out.flush();
        return text.toString();
    }

    private static final Set<String> WAITS = Set.of("jdk.ThreadPark", "jdk.JavaMonitorWait",
            "jdk.JavaMonitorEnter", "jdk.SocketRead", "jdk.ThreadSleep");

    /**
     * Our first frame on the stack, else the first frame outside the JDK's own packages: where the application chose
     * to wait (for a database read: which of our statements).
     */
    private static String firstApplicationFrame(RecordedStackTrace stack) {
        if (stack == null) {
            return "?";
        }
        for (RecordedFrame f : stack.getFrames()) {
            String t = f.getMethod().getType().getName();
            if (t.startsWith("org.pkuse.connect.") && !t.startsWith("org.pkuse.connect.bench")) {
                return frame(f);
            }
        }
        for (RecordedFrame f : stack.getFrames()) {
            String t = f.getMethod().getType().getName();
            if (!t.startsWith("java.") && !t.startsWith("jdk.") && !t.startsWith("sun.")) {
                return frame(f);
            }
        }
        return stack.getFrames().isEmpty() ? "?" : frame(stack.getFrames().get(0));
    }

    private static void top(Map<String, Long> counts, long of, int n, PrintWriter out) {
        if (counts == null) {
            return;
        }
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                .limit(n).forEach(e -> out.printf("    %6d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / of,
                        e.getKey()));
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber();
    }

    /** {@code java ... Profiler file.jfr}: prints the summary of a recording made elsewhere. */
    public static void main(String[] args) throws IOException {
        for (String a : args) {
            System.out.println(summarize(Path.of(a)));
        }
    }
}
