package org.pkuse.connect.jdbc.writer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersReader;
import org.pkuse.connect.headers.JobScope;

/**
 * A chunk of records with their job headers read and their rows mapped, ready for {@link BatchWriter}. The task
 * thread builds it, so that its flush thread spends its time on the database only.
 */
public final class MappedChunk {

    /** A record on its way: its job headers (null: not part of a job), its row, or why it cannot be written. */
    static final class Item {
        final SinkRecord record;
        final JobHeaders job;
        Row row;
        RuntimeException error;

        Item(SinkRecord record, JobHeaders job) {
            this.record = record;
            this.job = job;
        }

        Item copy() {
            Item c = new Item(record, job);
            c.row = row;
            c.error = error;
            return c;
        }
    }

    private final List<SinkRecord> records;
    private final List<Item> items;
    private final Map<TopicPartition, Long> maxOffsets;
    private final int outOfScope;

    private MappedChunk(List<SinkRecord> records, List<Item> items, Map<TopicPartition, Long> maxOffsets,
                        int outOfScope) {
        this.records = records;
        this.items = items;
        this.maxOffsets = maxOffsets;
        this.outOfScope = outOfScope;
    }

    public static MappedChunk map(List<SinkRecord> records, RecordMapper mapper, JobScope scope) {
        Map<TopicPartition, Long> maxOffsets = new HashMap<>();
        List<Item> items = new ArrayList<>(records.size());
        int outOfScope = 0;
        for (SinkRecord r : records) {
            maxOffsets.merge(new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset(), Math::max);
            JobHeaders headers;
            try {
                headers = JobHeadersReader.read(r.headers()).orElse(null);
            } catch (RuntimeException e) {
                Item item = new Item(r, null);
                item.error = e;
                items.add(item);
                continue;
            }
            if (headers != null && !scope.accepts(headers.taskId())) {
                outOfScope++;
                continue;
            }
            if (headers != null && headers.currentIndex() > headers.predictedTotal()) {
                // A row error like a malformed header: the job never gets this index and fails as stalled.
                Item item = new Item(r, null);
                item.error = new DataException("Job header " + JobHeaders.CURRENT_INDEX + " is "
                        + headers.currentIndex() + ", above " + JobHeaders.PREDICTED_TOTAL + " "
                        + headers.predictedTotal() + " (job " + headers.jobKey() + "); a run's indexes are "
                        + "1.." + JobHeaders.PREDICTED_TOTAL);
                items.add(item);
                continue;
            }
            Item item = new Item(r, headers);
            if (!isEmptyRunMarker(headers)) {
                try {
                    item.row = mapper.map(r);
                } catch (DataException e) {
                    item.error = e;
                }
            }
            items.add(item);
        }
        return new MappedChunk(records, items, maxOffsets, outOfScope);
    }

    /** A run of 0 rows: one record with predictedTotal 0 and isEnd, which carries no row. */
    static boolean isEmptyRunMarker(JobHeaders h) {
        return h != null && h.predictedTotal() == 0 && h.isEnd();
    }

    /** The records, in order, as they came. */
    public List<SinkRecord> records() {
        return records;
    }

    /** Copies of the items: a write may route rows elsewhere (staging tables) without changing the chunk. */
    List<Item> items() {
        List<Item> copy = new ArrayList<>(items.size());
        for (Item i : items) {
            copy.add(i.copy());
        }
        return copy;
    }

    Map<TopicPartition, Long> maxOffsets() {
        return maxOffsets;
    }

    int outOfScope() {
        return outOfScope;
    }
}
