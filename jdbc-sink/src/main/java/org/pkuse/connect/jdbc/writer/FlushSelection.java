package org.pkuse.connect.jdbc.writer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.jdbc.errors.BadRecordHandler;
import org.pkuse.connect.jdbc.writer.MappedChunk.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inside a flush's transaction, once the committed offsets and the jobs' rows are read: which records are written,
 * which are skipped (at or below the committed offset, an index committed already, a failed job's, a tombstone
 * while deletes are off) and which go to the dead-letter queue; and each job's progress in this flush, apart from
 * its row, so that the row can be locked only at the end (see {@link org.pkuse.connect.jdbc.job.JobLedger#absorb}).
 */
final class FlushSelection {

    private static final Logger log = LoggerFactory.getLogger(FlushSelection.class);

    private final Map<String, JobProgress> read;
    private final Map<String, JobProgress> progress = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<SinkRecord, JobHeaders> jobOf = new IdentityHashMap<>();
    private int skipped;
    private int deadLettered;

    private FlushSelection(Map<String, JobProgress> read, int outOfScope) {
        this.read = read;
        this.skipped = outOfScope;
        read.forEach((id, p) -> progress.put(id, JobProgress.fresh(id, p.topic(), p.predictedTotal())));
    }

    /**
     * @param committed  each partition's committed offset, locked by this transaction
     * @param read       the jobs' rows as this transaction read them
     * @param tableOf    the table a record without a row was headed for (for the dead-letter report)
     */
    static FlushSelection select(List<Item> items, int outOfScope, Map<TopicPartition, Long> committed,
                                 Map<String, JobProgress> read, BadRecordHandler bad, RecordTables tableOf) {
        FlushSelection s = new FlushSelection(read, outOfScope);
        for (Item i : items) {
            TopicPartition tp = new TopicPartition(i.record.topic(), i.record.kafkaPartition());
            if (i.record.kafkaOffset() <= committed.getOrDefault(tp, -1L)) {
                s.skipped++;
            } else if (i.job == null || s.claim(i)) {
                s.take(i, bad, tableOf);
            }
        }
        return s;
    }

    /** Counts a job record against its job; false when it is not to be written (and counted as skipped). */
    private boolean claim(Item i) {
        JobProgress job = progress.get(i.job.jobKey());
        JobProgress row = read.get(i.job.jobKey());
        if (row.state() == JobProgress.State.FAILED) {
            log.trace("Job {} failed; skipping {}", job.jobId(), i.record);
            skipped++; // a failed job's remaining records are not written
            return false;
        }
        if (MappedChunk.isEmptyRunMarker(i.job)) {
            job.endAt(0);
            return false;
        }
        if (row.contains(i.job.currentIndex()) || !job.claim(i.job.currentIndex())) {
            log.trace("Job {}: index {} committed already, skipping {}", job.jobId(), i.job.currentIndex(), i.record);
            skipped++;
            return false;
        }
        if (i.job.isEnd()) {
            job.endAt(i.job.currentIndex());
        }
        job.predictedTotal(i.job.predictedTotal());
        jobOf.put(i.record, i.job);
        return true;
    }

    private void take(Item i, BadRecordHandler bad, RecordTables tableOf) {
        if (i.error != null) {
            bad.handle(i.record, i.row == null ? tableOf.tableOf(i.record) : i.row.shape().table().toString(),
                    i.error);
            deadLettered++;
            if (i.job != null) {
                progress.get(i.job.jobKey()).countDeadLettered(1);
            }
        } else if (i.row == null) {
            skipped++; // a tombstone while delete.enabled=false
        } else {
            rows.add(i.row);
        }
    }

    /** Counts a row the database took ({@code ok}) or refused (dead-lettered) against its job. */
    void counted(Row row, boolean ok) {
        if (!ok) {
            deadLettered++;
        }
        JobHeaders h = jobOf.get(row.record());
        if (h != null) {
            JobProgress p = progress.get(h.jobKey());
            if (ok) {
                p.countWritten(1);
            } else {
                p.countDeadLettered(1);
            }
        }
    }

    List<Row> rows() {
        return rows;
    }

    Map<String, JobProgress> progress() {
        return progress;
    }

    int skipped() {
        return skipped;
    }

    int deadLettered() {
        return deadLettered;
    }

    /** The table name a record is reported under when it has no row. */
    interface RecordTables {
        String tableOf(SinkRecord record);
    }
}
