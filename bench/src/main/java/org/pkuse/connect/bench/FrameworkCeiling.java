package org.pkuse.connect.bench;

import java.time.Duration;

/** How the framework's ceilings are timed: a null sink until it was handed N records, a null source until N are on the topic. */
final class FrameworkCeiling {

    private FrameworkCeiling() {
    }

    /** Until the {@link DiscardingSinkConnector} {@code name}, POSTed at {@code started}, was handed N records. */
    static Bench.Outcome awaitDiscarded(Bench bench, String name, long rows, long started) throws Exception {
        long deadline = started + Duration.ofSeconds(Math.max(600, rows / 1000)).toNanos();
        long lastCheck = started;
        long first = 0;
        while (true) {
            long now = System.nanoTime();
            long received = DiscardingSinkConnector.received(name);
            if (first == 0 && received > 0) {
                first = now;
            }
            if (received >= rows) {
                return new Bench.Outcome(rows, Bench.seconds(started, now), String.format(
                        "first records after %.1f s%s", Bench.seconds(started, first),
                        received == rows ? "" : "; handed " + received + " (redelivery)"));
            }
            if (now > deadline) {
                throw new IllegalStateException(name + " was handed " + received + " of " + rows);
            }
            if (now - lastCheck > 2_000_000_000L) {
                bench.checkNotFailed(name);
                lastCheck = now;
            }
            Thread.sleep(10);
        }
    }

    /** Until {@code topic} holds N records from the source {@code name}, POSTed at {@code started}. */
    static Bench.Outcome awaitOnTopic(Bench bench, String name, String topic, long rows, long started)
            throws Exception {
        long deadline = started + Duration.ofSeconds(Math.max(600, rows / 1000)).toNanos();
        long lastCheck = started;
        long first = 0;
        while (true) {
            long on = bench.endOffsets(topic);
            long now = System.nanoTime();
            if (first == 0 && on > 0) {
                first = now;
            }
            if (on >= rows) {
                if (on != rows) {
                    throw new IllegalStateException(topic + " holds " + on + " records, expected " + rows);
                }
                return new Bench.Outcome(rows, Bench.seconds(started, now), String.format(
                        "first records on the topic after %.1f s", Bench.seconds(started, first)));
            }
            if (now > deadline) {
                throw new IllegalStateException(topic + " holds " + on + " of " + rows + " records");
            }
            if (now - lastCheck > 2_000_000_000L) {
                bench.checkNotFailed(name);
                lastCheck = now;
            }
            Thread.sleep(20);
        }
    }
}
