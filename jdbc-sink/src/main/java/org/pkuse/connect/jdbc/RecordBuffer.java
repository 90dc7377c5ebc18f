package org.pkuse.connect.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink task's records between {@code put()} and the database: what it buffered, in order, what it handed back
 * after a failed write (the first {@link #returned()} records), and the offsets committed in the database per
 * partition. A record at or below the last one buffered or committed for its partition is a redelivery and is
 * skipped.
 */
final class RecordBuffer {

    private final List<SinkRecord> records = new ArrayList<>();
    private final Map<TopicPartition, Long> bufferedUpTo = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long firstBufferedAt;
    private int returned;

    /** Adds the records not seen yet. */
    void add(Collection<SinkRecord> batch) {
        for (SinkRecord r : batch) {
            TopicPartition tp = partitionOf(r);
            long seen = bufferedUpTo.getOrDefault(tp, committed.getOrDefault(tp, -1L));
            if (r.kafkaOffset() <= seen) {
                continue; // redelivered after a retry, or committed already
            }
            if (records.isEmpty()) {
                firstBufferedAt = System.currentTimeMillis();
            }
            records.add(r);
            bufferedUpTo.put(tp, r.kafkaOffset());
        }
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    int size() {
        return records.size();
    }

    List<SinkRecord> records() {
        return records;
    }

    /** Milliseconds since the oldest buffered record arrived (or came back); 0 when empty. */
    long waitedMs(long now) {
        return records.isEmpty() ? 0 : now - firstBufferedAt;
    }

    /** A copy of the first {@code n} records. */
    List<SinkRecord> first(int n) {
        return new ArrayList<>(records.subList(0, Math.min(n, records.size())));
    }

    /** Removes the first {@code n} records (handed over, or written). */
    void remove(int n) {
        records.subList(0, n).clear();
        returned = Math.max(0, returned - n);
        firstBufferedAt = records.isEmpty() ? 0 : System.currentTimeMillis();
    }

    /** Puts the records of a failed write back in front; they are {@link #returned()} until taken. */
    void putBack(List<SinkRecord> back) {
        if (records.isEmpty()) {
            firstBufferedAt = System.currentTimeMillis();
        }
        records.addAll(0, back);
        returned = back.size();
    }

    /** How many of the first records came back from a failed write; reading it clears it. */
    int takeReturned() {
        int n = returned;
        returned = 0;
        return n;
    }

    void committed(Map<TopicPartition, Long> offsets) {
        committed.putAll(offsets);
    }

    Long committedOffset(TopicPartition tp) {
        return committed.get(tp);
    }

    /** Drops the records and offsets of revoked partitions; returns how many records it dropped. */
    int drop(Collection<TopicPartition> partitions) {
        Set<TopicPartition> closed = new HashSet<>(partitions);
        int dropped = 0;
        int droppedReturned = 0;
        for (int i = records.size() - 1; i >= 0; i--) {
            if (closed.contains(partitionOf(records.get(i)))) {
                if (i < returned) {
                    droppedReturned++;
                }
                records.remove(i);
                dropped++;
            }
        }
        returned -= droppedReturned;
        closed.forEach(tp -> {
            bufferedUpTo.remove(tp);
            committed.remove(tp);
        });
        if (records.isEmpty()) {
            firstBufferedAt = 0;
        }
        return dropped;
    }

    private static TopicPartition partitionOf(SinkRecord r) {
        return new TopicPartition(r.topic(), r.kafkaPartition());
    }
}
