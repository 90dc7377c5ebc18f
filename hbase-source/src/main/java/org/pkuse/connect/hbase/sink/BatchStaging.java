package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobHeadersReader;
import org.pkuse.connect.headers.JobScope;

/**
 * Turns records into a {@link SinkBatch}: which job each belongs to (records of other jobs skipped), where its
 * cells go and at which timestamp ({@link SinkJobs#destination}), its mutations, and the records that cannot be
 * written reported to the dead-letter queue (or, without one, failing the task).
 */
public final class BatchStaging {

    private static final String WRITE_MODE = "write.mode";

    private final TableName table;
    private final boolean overwrite;
    private final JobScope scope;
    private final SinkJobs jobs;
    private final RecordMutations mutations;
    private final ErrantRecordReporter deadLetters;

    /**
     * @param deadLetters the worker's dead-letter reporter, or null when the connector has none
     */
    public BatchStaging(TableName table, boolean overwrite, JobScope scope, SinkJobs jobs, RecordMutations mutations,
                        ErrantRecordReporter deadLetters) {
        this.table = table;
        this.overwrite = overwrite;
        this.scope = scope;
        this.jobs = jobs;
        this.mutations = mutations;
        this.deadLetters = deadLetters;
    }

    /**
     * The records as one batch: each job's cells at the job's timestamp, in the table its write mode gives it; a
     * record that cannot be written is reported to the dead-letter queue and counted as such.
     */
    public SinkBatch stage(List<SinkRecord> records) throws IOException {
        SinkBatch batch = new SinkBatch(records);
        Map<String, SinkJobs.Destination> destinations = new HashMap<>();
        for (SinkRecord r : records) {
            JobHeaders h;
            try {
                h = JobHeadersReader.read(r.headers()).orElse(null);
            } catch (DataException e) {
                batch.deadLettered(deadLetter(r, e.getMessage()));
                continue;
            }
            if (h != null && !scope.accepts(h.taskId())) {
                continue; // another job's record
            }
            if (h == null && overwrite) {
                batch.deadLettered(deadLetter(r, "it has no job headers, and " + WRITE_MODE
                        + "=2 replaces the table with one job's records"));
                continue;
            }
            SinkJobs.Destination to = h == null ? new SinkJobs.Destination(table,
                    r.timestamp() != null ? r.timestamp() : HConstants.LATEST_TIMESTAMP)
                    : destinations.computeIfAbsent(h.jobKey(), k -> destinationOf(h, r.topic()));
            if (to == null) {
                continue; // overwrite mode: its job is complete or failed, its table swapped in or dropped
            }
            boolean written = true;
            if (h == null || !h.isEmptyRun()) {
                try {
                    batch.add(to.table(), mutations.of(r, to.cellTimestamp()));
                    batch.countWritten(r.value() == null);
                } catch (BadRecordException e) {
                    batch.deadLettered(deadLetter(r, e.getMessage()));
                    written = false;
                }
            }
            if (h != null) {
                batch.progressOf(h.jobKey()).add(h, r.topic(), written);
            }
        }
        return batch;
    }

    private SinkJobs.Destination destinationOf(JobHeaders h, String topic) {
        try {
            return jobs.destination(h, topic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reports a record to the dead-letter queue, or fails the task when there is none. */
    private Future<Void> deadLetter(SinkRecord r, String reason) {
        String where = r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset();
        DataException error = new DataException("Record " + where + " cannot be written to " + table + ": "
                + reason);
        if (deadLetters == null) {
            throw new ConnectException(error.getMessage(), error);
        }
        return deadLetters.report(r, error);
    }

}
