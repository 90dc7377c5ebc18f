package org.pkuse.connect.bench;

/**
 * One measured run.
 *
 * @param key         how other rows refer to it, e.g. {@code sink.ours.upsert.1}
 * @param part        Sink, Source, End to end
 * @param run         what ran, as the table shows it
 * @param tasks       tasks or threads
 * @param rows        rows moved
 * @param seconds     wall time, as defined for the part
 * @param peakUsedMb  most heap in use, sampled every 100 ms
 * @param peakGcMb    most heap in use right after a garbage collection
 * @param note        what else the run showed (start-up, phases)
 * @param cpu         where the CPU went during the run ({@link CpuMeter})
 * @param peakLiveMb  most heap left by the full collections forced every 5 s (memory runs only), else -1
 * @param idleMb      heap after the full collection before the run
 */
record Result(String key, String part, String run, String tasks, long rows, double seconds, long peakUsedMb,
              long peakGcMb, String note, String cpu, long peakLiveMb, long idleMb) {

    double rowsPerSecond() {
        return rows / seconds;
    }
}
