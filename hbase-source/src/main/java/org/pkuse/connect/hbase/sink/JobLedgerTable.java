package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.apache.hadoop.hbase.CompareOperator;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.filter.SingleColumnValueFilter;
import org.apache.hadoop.hbase.util.Bytes;
import org.pkuse.connect.common.job.JobProgress;

/**
 * The sink's jobs in a small HBase table ({@code pkuse.hbase.jobs.table}), one row per connector and job: the
 * committed indexes (as {@link JobProgress} stores them), counts, end index, state, the job's cell timestamp, the
 * event the row owes, and a version. Every change is a {@code checkAndMutate} on the version read, so tasks that
 * share a job never lose each other's progress, and a state flip (to ENDED, FAILED) happens for exactly one caller.
 */
public final class JobLedgerTable {

    static final byte[] J = Bytes.toBytes("j");
    private static final byte[] TOPIC = Bytes.toBytes("topic");
    private static final byte[] PREDICTED = Bytes.toBytes("predicted");
    private static final byte[] END_INDEX = Bytes.toBytes("endIndex");
    private static final byte[] WRITTEN = Bytes.toBytes("written");
    private static final byte[] DEAD = Bytes.toBytes("deadLettered");
    private static final byte[] STATE = Bytes.toBytes("state");
    private static final byte[] INDEXES = Bytes.toBytes("indexes");
    private static final byte[] TS = Bytes.toBytes("ts");
    private static final byte[] VERSION = Bytes.toBytes("version");
    private static final byte[] OWES = Bytes.toBytes("owes");
    private static final byte[] OWES_AT = Bytes.toBytes("owesAt");
    private static final byte[] MESSAGE = Bytes.toBytes("message");
    private static final int MAX_TRIES = 50;

    /**
     * A job's row: its progress, the timestamp of its cells, the events it owes in order ({@code start,end}; null:
     * none) and since when, the error message of a FAILED job.
     */
    public record JobRow(JobProgress progress, long cellTimestamp, String owes, long owesAt, String message,
                         long version) {

        public List<String> owed() {
            return owes == null || owes.isEmpty() ? List.of() : List.of(owes.split(","));
        }

        /** The same row owing {@code stage} too, from {@code now}. */
        public JobRow owing(String stage, long now) {
            String all = owes == null || owes.isEmpty() ? stage : owes + "," + stage;
            return new JobRow(progress, cellTimestamp, all, now, message, version);
        }

        /** The same row no longer owing {@code stage}. */
        public JobRow paid(String stage) {
            List<String> rest = new ArrayList<>(owed());
            rest.remove(stage);
            return new JobRow(progress, cellTimestamp, rest.isEmpty() ? null : String.join(",", rest), owesAt,
                    message, version);
        }

        public JobRow withMessage(String text) {
            return new JobRow(progress, cellTimestamp, owes, owesAt, text, version);
        }
    }

    private final Connection connection;
    private final TableName name;
    private final String connector;
    /** Each running job's row as this instance last wrote it (by job key); may be behind another task's change. */
    private final Map<String, JobRow> known = new ConcurrentHashMap<>();

    public JobLedgerTable(Connection connection, TableName name, String connector) {
        this.connection = connection;
        this.name = name;
        this.connector = connector;
    }

    public TableName name() {
        return name;
    }

    /** Creates the table when it does not exist (one family, one version, WAL on). */
    public void create() throws IOException {
        try (Admin admin = connection.getAdmin()) {
            if (admin.tableExists(name)) {
                return;
            }
            admin.createTable(TableDescriptorBuilder.newBuilder(name).setDurability(Durability.SYNC_WAL)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(J).setMaxVersions(1).build()).build());
        } catch (TableExistsException e) {
            // another task created it meanwhile
        }
    }

    /**
     * The job's row, created when it has none (RUNNING, its cells stamped {@code now}, owing 'start').
     *
     * @return the row, and whether this call created it
     */
    public Opened open(String jobKey, String topic, long predictedTotal, long now) throws IOException {
        try (Table table = connection.getTable(name)) {
            byte[] row = rowKey(jobKey);
            JobRow existing = read(table, jobKey);
            if (existing != null) {
                return new Opened(existing, false);
            }
            JobProgress fresh = JobProgress.fresh(jobKey, topic, predictedTotal);
            Put put = put(row, fresh, 1).addColumn(J, TS, Bytes.toBytes(now)).addColumn(J, OWES, Bytes.toBytes("start"))
                    .addColumn(J, OWES_AT, Bytes.toBytes(now));
            boolean created = table.checkAndMutate(CheckAndMutate.newBuilder(row).ifNotExists(J, VERSION).build(put))
                    .isSuccess();
            return new Opened(read(table, jobKey), created);
        }
    }

    /** A job row read by {@link #open}, and whether that call created it. */
    public record Opened(JobRow row, boolean created) {
    }

    /**
     * Changes the job's row with {@code change} (given a copy of the current row; null: leave it), retried on a
     * concurrent change until it applies.
     *
     * @return the row before and after, or null when {@code change} left it
     */
    public Changed change(String jobKey, UnaryOperator<JobRow> change) throws IOException {
        try (Table table = connection.getTable(name)) {
            // The row as this task last wrote it saves the two reads of each flush; the version check catches any
            // change made since, and "leave it" is only trusted from a row just read.
            JobRow before = known.get(jobKey);
            boolean fresh = before == null;
            if (fresh) {
                before = readExisting(table, jobKey);
            }
            for (int i = 0; i < MAX_TRIES; i++) {
                JobRow after = change.apply(copy(before));
                if (after == null) {
                    if (fresh) {
                        return null;
                    }
                    before = readExisting(table, jobKey);
                    fresh = true;
                    continue;
                }
                byte[] row = rowKey(jobKey);
                Put put = put(row, after.progress(), before.version() + 1);
                if (after.owes() != null) {
                    put.addColumn(J, OWES, Bytes.toBytes(after.owes())).addColumn(J, OWES_AT,
                            Bytes.toBytes(after.owesAt()));
                } else {
                    put.addColumn(J, OWES, new byte[0]);
                }
                if (after.message() != null) {
                    put.addColumn(J, MESSAGE, Bytes.toBytes(after.message()));
                }
                if (table.checkAndMutate(CheckAndMutate.newBuilder(row)
                        .ifEquals(J, VERSION, Bytes.toBytes(before.version())).build(put)).isSuccess()) {
                    // What the put left in the row: an owesAt or message it did not write stays as it was read.
                    JobRow stored = new JobRow(after.progress(), after.cellTimestamp(),
                            after.owes() == null || after.owes().isEmpty() ? null : after.owes(), after.owesAt(),
                            after.message(), before.version() + 1);
                    if (stored.progress().state() == JobProgress.State.RUNNING) {
                        known.put(jobKey, copy(stored));
                    } else {
                        known.remove(jobKey); // a finished job's row changes rarely: not kept for a periodic job's runs
                    }
                    return new Changed(before, stored);
                }
                known.remove(jobKey);
                before = readExisting(table, jobKey);
                fresh = true;
            }
            throw new IOException("job " + jobKey + ": " + MAX_TRIES + " concurrent changes in a row on " + name);
        }
    }

    private JobRow readExisting(Table table, String jobKey) throws IOException {
        JobRow row = read(table, jobKey);
        if (row == null) {
            known.remove(jobKey);
            throw new IOException("control row of job " + jobKey + " vanished from " + name);
        }
        return row;
    }

    /** A row before and after a change. */
    public record Changed(JobRow before, JobRow after) {
    }

    /**
     * This connector's job rows that owe an event. The region server keeps only those (rows of ended jobs, which
     * pile up over a periodic job's runs, never travel to the task).
     */
    public List<JobRow> owing() throws IOException {
        List<JobRow> out = new ArrayList<>();
        byte[] prefix = Bytes.toBytes(connector + "|");
        SingleColumnValueFilter owesSomething = new SingleColumnValueFilter(J, OWES, CompareOperator.NOT_EQUAL,
                new byte[0]);
        owesSomething.setFilterIfMissing(true);
        Scan scan = new Scan().setStartStopRowForPrefixScan(prefix).addFamily(J).setFilter(owesSomething);
        try (Table table = connection.getTable(name); ResultScanner scanner = table.getScanner(scan)) {
            for (Result r : scanner) {
                JobRow row = parse(r, Bytes.toString(r.getRow()).substring(connector.length() + 1));
                if (row.owes() != null) {
                    out.add(row);
                }
            }
        }
        return out;
    }

    public JobRow read(String jobKey) throws IOException {
        try (Table table = connection.getTable(name)) {
            return read(table, jobKey);
        }
    }

    private JobRow read(Table table, String jobKey) throws IOException {
        Result r = table.get(new Get(rowKey(jobKey)).addFamily(J));
        return r.isEmpty() || r.getValue(J, VERSION) == null ? null : parse(r, jobKey);
    }

    private static JobRow parse(Result r, String jobKey) {
        byte[] end = r.getValue(J, END_INDEX);
        JobProgress p = new JobProgress(jobKey, Bytes.toString(r.getValue(J, TOPIC)),
                Bytes.toLong(r.getValue(J, PREDICTED)), end == null || end.length == 0 ? null : Bytes.toLong(end),
                Bytes.toLong(r.getValue(J, WRITTEN)), Bytes.toLong(r.getValue(J, DEAD)),
                JobProgress.State.valueOf(Bytes.toString(r.getValue(J, STATE))),
                JobProgress.deserializeIndexes(r.getValue(J, INDEXES)));
        byte[] owes = r.getValue(J, OWES);
        byte[] owesAt = r.getValue(J, OWES_AT);
        byte[] message = r.getValue(J, MESSAGE);
        return new JobRow(p, Bytes.toLong(r.getValue(J, TS)), owes == null || owes.length == 0 ? null
                : Bytes.toString(owes), owesAt == null ? 0 : Bytes.toLong(owesAt),
                message == null ? null : new String(message, StandardCharsets.UTF_8), Bytes.toLong(r.getValue(J, VERSION)));
    }

    private static Put put(byte[] row, JobProgress p, long version) {
        Put put = new Put(row).addColumn(J, TOPIC, Bytes.toBytes(p.topic()))
                .addColumn(J, PREDICTED, Bytes.toBytes(p.predictedTotal()))
                .addColumn(J, END_INDEX, p.endIndex() == null ? new byte[0] : Bytes.toBytes(p.endIndex()))
                .addColumn(J, WRITTEN, Bytes.toBytes(p.written()))
                .addColumn(J, DEAD, Bytes.toBytes(p.deadLettered()))
                .addColumn(J, STATE, Bytes.toBytes(p.state().name()))
                .addColumn(J, INDEXES, p.serializeIndexes())
                .addColumn(J, VERSION, Bytes.toBytes(version));
        put.setDurability(Durability.SYNC_WAL);
        return put;
    }

    private static JobRow copy(JobRow r) {
        JobProgress p = r.progress();
        JobProgress c = new JobProgress(p.jobId(), p.topic(), p.predictedTotal(), p.endIndex(), p.written(),
                p.deadLettered(), p.state(), JobProgress.deserializeIndexes(p.serializeIndexes()));
        return new JobRow(c, r.cellTimestamp(), r.owes(), r.owesAt(), r.message(), r.version());
    }

    private byte[] rowKey(String jobKey) {
        return Bytes.toBytes(connector + "|" + jobKey);
    }
}
