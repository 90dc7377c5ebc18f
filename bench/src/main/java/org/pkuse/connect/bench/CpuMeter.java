package org.pkuse.connect.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the CPU went during one run: the whole machine's busy share (from {@code /proc/stat}), this JVM's share,
 * this JVM's busiest thread groups (thread CPU time), and the busiest other processes (MariaDB, the HBase JVM, the
 * registry; from {@code /proc/<pid>/stat}). When the machine is near 100 % busy, the run is bound by CPU, and the
 * thread groups and processes say whose.
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long[] machineStart;
    private final long processStart;
    private final long wallStart;
    private final Map<Long, Long> threadStart = new HashMap<>();
    private final Map<Long, Long> processStartTicks = new HashMap<>();

    private CpuMeter() {
        machineStart = machine();
        processStart = OS.getProcessCpuTime();
        wallStart = System.nanoTime();
        for (long id : THREADS.getAllThreadIds()) {
            threadStart.put(id, Math.max(0, THREADS.getThreadCpuTime(id)));
        }
        processStartTicks.putAll(OtherProcesses.ticks());
    }

    static CpuMeter start() {
        return new CpuMeter();
    }

    /** {@code machine 97% busy; this JVM 1.4 cores: task 0.6, scan 0.3, ...}. */
    String stop() {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long[] m = machine();
        String machine = "";
        if (m != null && machineStart != null) {
            double busy = 1.0 - (double) (m[1] - machineStart[1]) / Math.max(1, m[0] - machineStart[0]);
            machine = String.format(Locale.ROOT, "machine %.0f%% busy; ", busy * 100);
        }
        double process = (OS.getProcessCpuTime() - processStart) / 1e9 / wall;
        Map<String, Double> groups = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long now = THREADS.getThreadCpuTime(id);
            ThreadInfo info = THREADS.getThreadInfo(id);
            if (now < 0 || info == null) {
                continue;
            }
            double cores = (now - threadStart.getOrDefault(id, 0L)) / 1e9 / wall;
            groups.merge(Profiler.group(info.getThreadName()), cores, Double::sum);
        }
        String top = groups.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(5)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        String others = OtherProcesses.busiest(processStartTicks, wall);
        return String.format(Locale.ROOT, "%sbench JVM %.2f cores (threads: %s)%s", machine, process, top,
                others.isEmpty() ? "" : "; other processes: " + others);
    }

    /** Total and idle (+ iowait) jiffies of all CPUs, or null off Linux. */
    private static long[] machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total, idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
