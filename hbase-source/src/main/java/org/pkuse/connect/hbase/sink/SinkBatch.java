package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One batch of the sink: its records, their mutations by table, each job's progress in it, and the dead-letter
 * reports it made. Built on the task's thread; {@link #write} may run on the writer thread.
 */
public final class SinkBatch {

    private final List<SinkRecord> records;
    private final Map<TableName, List<Mutation>> mutations = new LinkedHashMap<>();
    private final Map<String, SinkJobs.Flush> progress = new LinkedHashMap<>();
    private final List<Future<Void>> deadLetters = new ArrayList<>();
    private int mutationCount;

    public SinkBatch(List<SinkRecord> records) {
        this.records = List.copyOf(records);
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

    /** Puts every mutation into the writers and flushes them: once this returns, the batch's cells are durable. */
    public void write(TableWriters writers) throws IOException {
        for (Map.Entry<TableName, List<Mutation>> e : mutations.entrySet()) {
            writers.mutate(e.getKey(), e.getValue());
        }
        writers.flush();
    }

    public List<SinkRecord> records() {
        return records;
    }

    public Map<String, SinkJobs.Flush> progress() {
        return progress;
    }

    public List<Future<Void>> deadLetters() {
        return deadLetters;
    }

    public int mutationCount() {
        return mutationCount;
    }
}
