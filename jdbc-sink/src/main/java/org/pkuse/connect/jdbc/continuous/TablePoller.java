package org.pkuse.connect.jdbc.continuous;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.pkuse.connect.common.source.Increments;
import org.pkuse.connect.common.source.RowItem;
import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.common.source.RunReading;
import org.pkuse.connect.common.source.SourceRow;
import org.pkuse.connect.jdbc.continuous.ContinuousOptions.Mode;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.source.JdbcRunSource;
import org.pkuse.connect.jdbc.source.SourceColumn;
import org.pkuse.connect.jdbc.source.SourceTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table of continuous mode: queried every poll interval, each query a bounded read in one snapshot (an
 * incrementing query up to the column's greatest committed value, after waiting for the transactions that wrote
 * before it; a timestamp query up to the server's clock minus the delay), in the order of the mode's column. Each
 * record's offset is where a restarted task resumes: after that row, exactly.
 */
final class TablePoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TablePoller.class);

    private final JdbcRunSource source;
    private final Mode mode;
    private final String topic;
    private final Map<String, Object> partition;
    /** The table's name, or "query", for messages. */
    private final String name;
    private final List<String> primaryKey;
    private final Schema keySchema;
    private final long intervalMs;
    private final boolean tolerateAll;
    /** Lower bound of the next query (the newest value sent by a finished one); "" from the start. */
    private String from = "";
    /** The last row sent by a query that did not finish (resumed after it); null when none. */
    private byte[] after;
    private RunReading reading;
    private RowStream rows;
    private Object newest;
    private long nextStart;

    /**
     * @param partition Confluent's source partition: {"protocol": "1", "table": "db.table"}, or {"query": "query"}
     */
    TablePoller(JdbcRunSource source, Mode mode, String topic, Map<String, Object> partition,
                List<String> primaryKey, long intervalMs, boolean tolerateAll) {
        this.source = source;
        this.mode = mode;
        this.topic = topic;
        this.partition = partition;
        this.name = String.valueOf(partition.getOrDefault("table", "query"));
        this.primaryKey = primaryKey;
        this.intervalMs = intervalMs;
        this.tolerateAll = tolerateAll;
        SourceTable table = source.table();
        if (primaryKey.isEmpty()) {
            keySchema = null;
        } else {
            SchemaBuilder b = SchemaBuilder.struct().name(table.keySchema().name());
            for (String k : primaryKey) {
                b.field(k, table.valueSchema().field(k).schema());
            }
            keySchema = b.build();
        }
    }

    String name() {
        return name;
    }

    Map<String, Object> partition() {
        return partition;
    }

    /** Resumes from the offset of the last record the worker committed (null: from the start). */
    void resume(Map<String, Object> offset) {
        if (offset == null || mode == Mode.BULK) {
            return;
        }
        Object position = offset.get(Offsets.POSITION);
        if (position instanceof String p) {
            after = Offsets.decodePosition(p);
            return;
        }
        from = Offsets.watermark(offset, source.table().incrementColumn());
    }

    /** When the next query is due (epoch ms); 0 while one is being read. */
    long dueAt() {
        return rows != null ? 0 : nextStart;
    }

    /** Up to {@code max} records of the current query, starting one if it is due. */
    List<SourceRecord> poll(int max) throws Exception {
        long now = System.currentTimeMillis();
        if (rows == null) {
            if (now < nextStart) {
                return List.of();
            }
            nextStart = now + intervalMs;
            try {
                reading = source.plan(from, now, null, after);
                rows = reading.open();
            } catch (Exception e) {
                if (!SqlErrors.isTransient(e)) {
                    throw e;
                }
                log.warn("Table {}: the database cannot be reached ({}); trying again in {} ms",
                        name, SqlErrors.brief(e), intervalMs);
                closeQuery();
                return List.of();
            }
            newest = null;
        }
        List<SourceRecord> out = new ArrayList<>();
        for (RowItem item : rows.next(max, 100)) { // read ahead on another thread: wait a moment for it
            if (item instanceof RowItem.Row r) {
                out.add(record(r.row()));
            } else if (item instanceof RowItem.Bad bad) {
                if (!tolerateAll) {
                    throw new ConnectException("Table " + name + ": a row cannot be read: "
                            + bad.error().getMessage() + " (errors.tolerance=all skips such rows)");
                }
                log.warn("Table {}: skipped a row: {}", name, bad.error().getMessage());
            } else if (item instanceof RowItem.Failure f) {
                closeQuery();
                if (!SqlErrors.isTransient(f.error())) {
                    throw f.error() instanceof ConnectException ce ? ce : new ConnectException("Table "
                            + name + ": the query failed: " + SqlErrors.brief(f.error()), f.error());
                }
                log.warn("Table {}: the query lost its connection ({}); the next poll resumes after the last row "
                        + "sent", name, SqlErrors.brief(f.error()));
                nextStart = now; // retried at once: the pool gives a new connection or the next error
                return out;
            }
        }
        if (rows.done()) {
            closeQuery();
            if (newest != null) {
                from = reading.increments().format(newest);
                after = null;
            } // else: nothing new; a resumed position stays the lower bound (from may be empty after a restart)
        }
        return out;
    }

    private SourceRecord record(SourceRow row) {
        Struct value = (Struct) row.value();
        Struct key = null;
        if (keySchema != null) {
            key = new Struct(keySchema);
            for (String k : primaryKey) {
                key.put(k, value.get(k));
            }
        }
        Map<String, Object> offset = null;
        if (mode != Mode.BULK) {
            Increments increments = reading.increments();
            if (newest == null || increments.compare(row.incrementValue(), newest) > 0) {
                newest = row.incrementValue();
            }
            after = row.position();
            SourceColumn column = source.table().incrementColumn();
            if (mode == Mode.INCREMENTING) {
                offset = Offsets.incrementing(row.incrementValue());
            } else if (row.incrementValue() instanceof List<?> tuple) { // timestamp+incrementing
                offset = Offsets.timestamp(tuple.get(0), row.position(), column);
                offset.putAll(Offsets.incrementing(tuple.get(1)));
            } else {
                offset = Offsets.timestamp(row.incrementValue(), row.position(), column);
            }
        }
        return new SourceRecord(partition, offset, topic, null, keySchema, key, value.schema(), value);
    }

    private void closeQuery() {
        if (rows != null) {
            rows.close();
            rows = null;
        }
        if (reading != null) {
            reading.release();
        }
    }

    @Override
    public void close() {
        closeQuery();
        source.close();
    }
}
