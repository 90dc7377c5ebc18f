package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;

/**
 * The events control table: status events the sink owes, written in the same transaction as the database change
 * they report (a job's row created, its last index committed, its flip to FAILED), and removed once the status
 * cluster has them. A crash or a status outage leaves them here; whichever task of the connector publishes next
 * sends them, in order.
 */
public final class EventOutbox {

    /** An owed event and its row id. */
    public record Owed(long id, StatusEvent event) {
    }

    private final DatabaseDialect d;
    private final TableId table;
    private final String connector;

    public EventOutbox(DatabaseDialect dialect, TableId table, String connector) {
        this.d = dialect;
        this.table = table;
        this.connector = connector;
    }

    public TableId table() {
        return table;
    }

    /** Adds an event in the caller's transaction. */
    public void add(Connection conn, StatusEvent event) throws SQLException {
        String sql = "INSERT INTO " + d.table(table) + " (" + d.quote("connector") + ", " + d.quote("job_id") + ", "
                + d.quote("event_id") + ", " + d.quote("payload") + ") VALUES (?, ?, ?, ?)";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, connector);
            ps.setString(2, event.taskId());
            ps.setString(3, event.eventId() == null ? "" : event.eventId());
            ps.setString(4, StatusEventCodec.toJson(event));
            ps.executeUpdate();
        }
    }

    /**
     * Locks and returns this connector's oldest owed event, or null. Publishers of several tasks serialize on it, so
     * one event is sent by one of them at a time.
     */
    public Owed lockOldest(Connection conn) throws SQLException {
        if (!anyOwed(conn)) {
            return null; // the usual case: no lock taken at all
        }
        // LIMIT 1 in the SQL, not setMaxRows: the server must lock the one row only. Locking (and gap-locking)
        // every row it scans would block the flushes' inserts of new events while a send waits on the status cluster.
        String sql = "SELECT " + d.quote("id") + ", " + d.quote("payload") + " FROM " + d.table(table) + " WHERE "
                + d.quote("connector") + " = ? ORDER BY " + d.quote("id") + " LIMIT 1 FOR UPDATE";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Owed(rs.getLong(1), StatusEventCodec.fromJson(rs.getString(2))) : null;
            }
        }
    }

    private boolean anyOwed(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM " + d.table(table) + " WHERE "
                + d.quote("connector") + " = ? LIMIT 1")) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void remove(Connection conn, long id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + d.table(table) + " WHERE "
                + d.quote("id") + " = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }
}
