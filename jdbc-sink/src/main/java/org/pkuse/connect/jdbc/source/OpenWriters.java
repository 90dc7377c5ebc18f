package org.pkuse.connect.jdbc.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other sessions' transactions that have written and are still open ({@link DatabaseDialect#openWritersQuery}),
 * waited for so that what they wrote is either committed before a run's snapshot or never. The list may lag (MySQL
 * and MariaDB answer from a cache refreshed at most every 100 ms): it is read only once it is younger than the
 * bound; a transaction that ended shows a little longer, which only makes the wait a little longer.
 */
final class OpenWriters {

    private static final Logger log = LoggerFactory.getLogger(OpenWriters.class);
    private static final long POLL_MS = 100;

    private final DatabaseDialect dialect;
    private final Duration wait;

    OpenWriters(DatabaseDialect dialect, Duration wait) {
        this.dialect = dialect;
        this.wait = wait;
    }

    /**
     * Waits until every writing transaction open now has ended.
     *
     * @throws ConnectException when some are still open after the wait ({@code pkuse.jdbc.inflight.wait.ms})
     */
    void awaitThoseOpenNow(Connection c, TableId table) throws SQLException {
        if (wait.isZero()) {
            return;
        }
        String query = dialect.openWritersQuery().orElse(null);
        if (query == null) {
            log.warn("Table {}: the {} dialect cannot list the open transactions; the run does not wait for rows "
                    + "written before its start and committed after it", table, dialect.name());
            return;
        }
        Set<String> open;
        try {
            // An answer older than the bound could miss a transaction that wrote just before it was read.
            Duration lag = dialect.openWritersLag();
            if (!lag.isZero()) {
                sleep(lag.toMillis() + 20);
            }
            open = list(c, query);
        } catch (SQLException e) {
            log.warn("Table {}: cannot list the open transactions ({}); the run does not wait for rows written before "
                    + "its start and committed after it (grant PROCESS on MySQL/MariaDB)", table, e.getMessage());
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new ConnectException(open.size() + " transaction(s) that wrote before the run on " + table
                        + " started are still open after " + wait.toMillis() + " ms "
                        + "(pkuse.jdbc.inflight.wait.ms); rows they commit later would be missed, so the run does "
                        + "not start. Run it again later, or raise the wait");
            }
            log.info("Table {}: waiting for {} open transaction(s) that wrote before the run started", table,
                    open.size());
            sleep(POLL_MS);
            open.retainAll(list(c, query));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while waiting for open transactions", e);
        }
    }

    private static Set<String> list(Connection c, String query) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
