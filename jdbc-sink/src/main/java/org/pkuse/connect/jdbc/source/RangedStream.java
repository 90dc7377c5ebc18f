package org.pkuse.connect.jdbc.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.pkuse.connect.common.source.RowItem;
import org.pkuse.connect.common.source.RowStream;

/**
 * A run's result streams (one, or one per key range) read ahead, each by a thread of its own into a short queue,
 * and handed out in order: all of the first, then the second... The database's sending and the driver's decoding
 * then overlap the task thread's work (the worker's conversion and send), and with several ranges the database
 * serves them all at once. Memory: at most {@value #QUEUED} batches of {@value #BATCH} rows for the run, shared
 * among its streams (at least 2 batches each): enough that a poll of a few thousand rows finds them read.
 */
final class RangedStream implements RowStream {

    private static final int QUEUED = 16;
    private static final int BATCH = 500;
    /** A stream's reader is done: it puts this after its last batch. */
    private static final List<RowItem> END = List.of();

    private final List<ResultStream> streams;
    private final List<BlockingQueue<List<RowItem>>> queues = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    /** Items taken from a queue that did not fit the caller's last request. */
    private final Deque<RowItem> leftover = new ArrayDeque<>();
    private int current;
    private volatile boolean closed;
    private final AtomicInteger busy = new AtomicInteger();

    RangedStream(List<ResultStream> streams) {
        this.streams = streams;
        for (int i = 0; i < streams.size(); i++) {
            queues.add(new ArrayBlockingQueue<>(Math.max(2, QUEUED / streams.size())));
        }
        for (int i = 0; i < streams.size(); i++) {
            int range = i;
            Thread t = new Thread(() -> readAhead(range), "pkuse-jdbc-read-" + range);
            t.setDaemon(true);
            readers.add(t);
            t.start();
        }
    }

    /** How many result streams (key ranges) the run is read in. */
    int streamCount() {
        return streams.size();
    }

    private void readAhead(int range) {
        ResultStream stream = streams.get(range);
        BlockingQueue<List<RowItem>> queue = queues.get(range);
        busy.incrementAndGet();
        try {
            while (!closed && !stream.done()) {
                List<RowItem> batch = stream.next(BATCH, 0);
                if (!batch.isEmpty()) {
                    queue.put(batch);
                }
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: nobody takes the rest
        } finally {
            busy.decrementAndGet();
        }
    }

    @Override
    public int readersBusy() {
        return busy.get();
    }

    @Override
    public List<RowItem> next(int max, long waitMs) throws InterruptedException {
        List<RowItem> out = new ArrayList<>(Math.min(max, 4 * BATCH));
        while (!leftover.isEmpty() && out.size() < max) {
            out.add(leftover.poll());
        }
        while (current < streams.size() && out.size() < max) {
            BlockingQueue<List<RowItem>> queue = queues.get(current);
            List<RowItem> batch = out.isEmpty() ? queue.poll(waitMs, TimeUnit.MILLISECONDS) : queue.poll();
            if (batch == null) {
                break; // the reader is behind: what is here goes now, the caller polls again
            }
            if (batch == END) {
                current++;
                continue;
            }
            for (RowItem item : batch) {
                if (out.size() < max) {
                    out.add(item);
                } else {
                    leftover.add(item);
                }
            }
            if (batch.stream().anyMatch(i -> i instanceof RowItem.Failure)) {
                current = streams.size(); // a failure of any stream ends the run: nothing after it goes out
            }
        }
        return out;
    }

    @Override
    public boolean done() {
        return current >= streams.size() && leftover.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
        readers.forEach(Thread::interrupt);
        for (Thread t : readers) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        streams.forEach(ResultStream::close);
    }
}
