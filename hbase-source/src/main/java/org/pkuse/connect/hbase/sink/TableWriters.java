package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Mutation;

/**
 * One {@link BufferedMutator} per table a flush writes (the target, or in overwrite mode each job's staging
 * table), each bounded by the write buffer. A table no flush wrote into is closed at the next flush, so the
 * writers of finished jobs do not pile up.
 */
public final class TableWriters implements AutoCloseable {

    private final Connection connection;
    private final long writeBufferBytes;
    private final Map<TableName, BufferedMutator> open = new HashMap<>();
    private final Map<TableName, Boolean> used = new HashMap<>();

    public TableWriters(Connection connection, long writeBufferBytes) {
        this.connection = connection;
        this.writeBufferBytes = writeBufferBytes;
    }

    public void mutate(TableName table, List<Mutation> mutations) throws IOException {
        BufferedMutator m = open.get(table);
        if (m == null) {
            m = connection.getBufferedMutator(new BufferedMutatorParams(table).writeBufferSize(writeBufferBytes));
            open.put(table, m);
        }
        used.put(table, true);
        m.mutate(mutations);
    }

    /** Flushes every table written since the last flush; closes the others. */
    public void flush() throws IOException {
        for (Map.Entry<TableName, BufferedMutator> e : Map.copyOf(open).entrySet()) {
            if (used.remove(e.getKey()) != null) {
                e.getValue().flush();
            } else {
                open.remove(e.getKey());
                e.getValue().close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (BufferedMutator m : open.values()) {
            try {
                m.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        used.clear();
        if (first != null) {
            throw first;
        }
    }
}
