package org.pkuse.connect.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The heap of this JVM (broker, both Connect workers and their tasks) during one run: the most heap in use,
 * sampled every 100 ms, and the most heap still in use right after a garbage collection (the live set plus what
 * the collector left, a far steadier figure than the sampled one, which mostly shows how much young garbage the
 * collector lets pile up).
 */
final class HeapSampler implements AutoCloseable {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final Thread sampler;
    private final long baseline;
    private volatile boolean running = true;

    private final AtomicLong peakLive = new AtomicLong(-1);
    private final boolean live;

    private HeapSampler(int liveEverySeconds) {
        live = liveEverySeconds > 0;
        System.gc();
        baseline = MEMORY.getHeapMemoryUsage().getUsed();
        peakUsed.set(baseline);
        peakAfterGc.set(baseline);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        long liveEvery = liveEverySeconds * 1_000_000_000L;
        sampler = new Thread(() -> {
            long nextLive = System.nanoTime() + liveEvery;
            while (running) {
                peakUsed.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                if (liveEvery > 0 && System.nanoTime() >= nextLive) {
                    // A full collection leaves only what is reachable: the live heap at this moment. onGc reads
                    // it from the collection's own figures: read here after System.gc() returned, it also counted
                    // what the other threads allocated before this one got a core again (seen on 2 busy cores:
                    // 365 MB, while no collection of that run had left more than 167 MB).
                    System.gc();
                    nextLive = System.nanoTime() + liveEvery;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Collects garbage, then starts watching. */
    static HeapSampler start() {
        return new HeapSampler(0);
    }

    /**
     * Also forces a full collection every {@code seconds} and keeps the largest heap left after it: the live heap.
     * This costs the run some throughput, so only the memory runs use it.
     */
    static HeapSampler startWithLiveSampling(int seconds) {
        return new HeapSampler(seconds);
    }

    /** Largest live heap seen by the forced collections, or -1 when none ran. */
    long peakLiveBytes() {
        return peakLive.get();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) n.getUserData());
        long after = 0;
        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            after += u.getUsed();
        }
        // Only heap pools report after a GC of heap; non-heap pools (code cache, metaspace) are not in the heap
        // figure either, so subtract them.
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isNonHeap(e.getKey())) {
                after -= e.getValue().getUsed();
            }
        }
        peakAfterGc.accumulateAndGet(after, Math::max);
        if (live && "System.gc()".equals(info.getGcCause())) {
            peakLive.accumulateAndGet(after, Math::max);
        }
    }

    private static boolean isNonHeap(String pool) {
        return pool.contains("Metaspace") || pool.contains("Code") || pool.contains("Compressed Class")
                || pool.contains("CodeHeap");
    }

    long baselineBytes() {
        return baseline;
    }

    long peakUsedBytes() {
        return peakUsed.get();
    }

    long peakAfterGcBytes() {
        return peakAfterGc.get();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        peakUsed.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // gone already
            }
        }
    }
}
