package org.pkuse.connect.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU of the machine's other processes (Linux {@code /proc}): MariaDB, the HBase JVM and the registry share the
 * 2 cores with the bench JVM, so a run bound by CPU may be bound by theirs.
 */
final class OtherProcesses {

    /** {@code /proc/<pid>/stat} counts in clock ticks; 100 per second on every Linux the bench runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long SELF = ProcessHandle.current().pid();

    private OtherProcesses() {
    }

    /** Used CPU (user + system ticks) of every other process, by pid; empty off Linux. */
    static Map<Long, Long> ticks() {
        Map<Long, Long> out = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == SELF) {
                    continue;
                }
                long used = used(dir);
                if (used >= 0) {
                    out.put(pid, used);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** The busiest processes since {@code start}, as cores over {@code wallSeconds}: "mariadbd 0.64, ...". */
    static String busiest(Map<Long, Long> start, double wallSeconds) {
        Map<String, Double> byName = new HashMap<>();
        for (Map.Entry<Long, Long> e : ticks().entrySet()) {
            long delta = e.getValue() - start.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                byName.merge(name(e.getKey()), delta / TICKS_PER_SECOND / wallSeconds, Double::sum);
            }
        }
        return byName.entrySet().stream().filter(e -> e.getValue() >= 0.03)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static long used(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            // After "pid (comm) ": state, ppid, ... utime is the 12th field, stime the 13th.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1; // ended meanwhile
        }
    }

    /** The command's name; for a JVM its main class or jar, since every JVM is called "java". */
    private static String name(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            String comm = Files.readString(dir.resolve("comm")).trim();
            if (!comm.equals("java")) {
                return comm;
            }
            String[] args = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                    .split("\0");
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals("-jar") && i + 1 < args.length) {
                    return "java " + Path.of(args[i + 1]).getFileName();
                }
                if (args[i].equals("-cp") || args[i].equals("-classpath")) {
                    i++;
                } else if (!args[i].startsWith("-")) {
                    return "java " + args[i].substring(args[i].lastIndexOf('.') + 1);
                }
            }
            return "java";
        } catch (IOException | RuntimeException e) {
            return "pid " + pid;
        }
    }
}
