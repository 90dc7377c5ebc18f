package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One batch of the sink: its records, their mutations by table, each job's progress in it, and the dead-letter
 * reports it made. Built on the task's thread, written on the writer thread ({@link WritePipeline}).
 */
public final class SinkBatch {

    private final List<SinkRecord> records;
    private final Map<TableName, List<Mutation>> mutations = new LinkedHashMap<>();
    private final Map<String, SinkJobs.Flush> progress = new LinkedHashMap<>();
    private final List<Future<Void>> deadLetters = new ArrayList<>();
    private final long createdNanos = System.nanoTime();
    private int mutationCount;
    private int upserts;
    private int deletes;

    public SinkBatch(List<SinkRecord> records) {
        this.records = List.copyOf(records);
    }

    /** A record of this batch became mutations: a tombstone's delete, or cells put. */
    public void countWritten(boolean tombstone) {
        if (tombstone) {
            deletes++;
        } else {
            upserts++;
        }
    }

    public int upserts() {
        return upserts;
    }

    public int deletes() {
        return deletes;
    }

    public int deadLetteredCount() {
        return deadLetters.size();
    }

    /** When the batch was staged: its write latency runs from here until its cells are durable. */
    public long createdNanos() {
        return createdNanos;
    }

    public void add(TableName table, List<Mutation> m) {
        mutations.computeIfAbsent(table, t -> new ArrayList<>()).addAll(m);
        mutationCount += m.size();
    }

    public SinkJobs.Flush progressOf(String jobKey) {
        return progress.computeIfAbsent(jobKey, k -> new SinkJobs.Flush());
    }

    public void deadLettered(Future<Void> report) {
        deadLetters.add(report);
    }

    /** Puts every mutation into the writers; durable once they are flushed. */
    public void mutateInto(TableWriters writers) throws IOException {
        for (Map.Entry<TableName, List<Mutation>> e : mutations.entrySet()) {
            writers.mutate(e.getKey(), e.getValue());
        }
    }

    public List<SinkRecord> records() {
        return records;
    }

    public Map<String, SinkJobs.Flush> progress() {
        return progress;
    }

    /** Waits until the dead-letter queue took every record this batch reported to it. */
    public void awaitDeadLetters() throws IOException {
        for (Future<Void> f : deadLetters) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the dead-letter queue took a record", e);
            } catch (ExecutionException e) {
                throw new ConnectException("The dead-letter queue did not take a record", e.getCause());
            }
        }
    }

    public int mutationCount() {
        return mutationCount;
    }
}
