package org.pkuse.connect.jdbc.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /**
     * An owed event, its row id, and since when and by which publisher it is being sent (null: nobody claimed it).
     * The claim is two attributes of the row's payload ({@value #SENDING_SINCE}, epoch ms, and
     * {@value #SENDING_BY}), next to the event's fields.
     */
    public record Owed(long id, StatusEvent event, Long sendingSince, String sendingBy) {
    }

    static final String SENDING_SINCE = "pkuseSendingSince";
    static final String SENDING_BY = "pkuseSendingBy";
    private static final ObjectMapper JSON = new ObjectMapper();

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
                return rs.next() ? owed(rs.getLong(1), rs.getString(2)) : null;
            }
        }
    }

    /** Whether this connector owes any event (no lock taken). */
    /** How many events of this connector are owed (the outbox's size, for metrics). */
    long countOwed(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM " + d.table(table) + " WHERE "
                + d.quote("connector") + " = ?")) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    boolean anyOwed(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM " + d.table(table) + " WHERE "
                + d.quote("connector") + " = ? LIMIT 1")) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Owed owed(long id, String payload) {
        Long since = null;
        String by = null;
        try {
            JsonNode tree = JSON.readTree(payload);
            JsonNode claim = tree.get(SENDING_SINCE);
            since = claim == null || !claim.canConvertToLong() ? null : claim.asLong();
            by = tree.path(SENDING_BY).asText(null);
        } catch (JsonProcessingException e) {
            // StatusEventCodec reports it below
        }
        return new Owed(id, StatusEventCodec.fromJson(payload), since, by);
    }

    /**
     * Marks the locked event as being sent from {@code now} on, in the caller's transaction: once that commits,
     * other publishers leave it alone until the claim is older than a send can take.
     */
    public void claim(Connection conn, Owed owed, long now, String by) throws SQLException {
        ObjectNode payload;
        try {
            payload = (ObjectNode) JSON.readTree(StatusEventCodec.toJson(owed.event()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status event JSON not readable back", e);
        }
        payload.put(SENDING_SINCE, now);
        payload.put(SENDING_BY, by);
        try (PreparedStatement ps = conn.prepareStatement("UPDATE " + d.table(table) + " SET " + d.quote("payload")
                + " = ? WHERE " + d.quote("id") + " = ?")) {
            ps.setString(1, payload.toString());
            ps.setLong(2, owed.id());
            ps.executeUpdate();
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
