package org.pkuse.connect.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;

/** When a sink connector's rows are all committed in MariaDB, seen from outside as a user would check. */
final class TableWatch {

    private TableWatch() {
    }

    /**
     * Waits until all rows are committed; returns when the first row and when the last became visible (nanoTime).
     * Each partition's records are written in offset order, one transaction per batch, so once the id of the last
     * record of every partition ({@code lastIds}) is visible every row is; a COUNT(*) then confirms (and, should it
     * fall short, is polled).
     */
    static long[] awaitCommitted(Bench bench, String connector, String table, long rows, long[] lastIds)
            throws Exception {
        long[] ids = Arrays.stream(lastIds).distinct().toArray();
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(600, rows / 1000)).toNanos();
        long first = 0;
        long lastCheck = System.nanoTime();
        String marks = String.join(", ", Collections.nCopies(ids.length, "?"));
        try (Connection c = bench.db();
             PreparedStatement any = c.prepareStatement("SELECT 1 FROM `" + table + "` LIMIT 1");
             PreparedStatement last = c.prepareStatement("SELECT COUNT(*) FROM `" + table + "` WHERE id IN ("
                     + marks + ")")) {
            c.setAutoCommit(true);
            for (int i = 0; i < ids.length; i++) {
                last.setLong(i + 1, ids[i]);
            }
            while (System.nanoTime() < deadline) {
                long now = System.nanoTime();
                if (first == 0) {
                    try (ResultSet rs = any.executeQuery()) {
                        if (rs.next()) {
                            first = now;
                        }
                    }
                }
                if (first != 0) {
                    try (ResultSet rs = last.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == ids.length) {
                            long done = now;
                            long count = bench.countRows(table);
                            while (count < rows && System.nanoTime() < deadline) {
                                Thread.sleep(100);
                                done = System.nanoTime();
                                count = bench.countRows(table);
                            }
                            if (count != rows) {
                                throw new IllegalStateException(table + ": " + count + " rows, expected " + rows);
                            }
                            return new long[] {first, done};
                        }
                    }
                }
                if (now - lastCheck > 2_000_000_000L) {
                    bench.checkNotFailed(connector);
                    lastCheck = now;
                }
                Thread.sleep(20);
            }
        }
        bench.checkNotFailed(connector);
        throw new IllegalStateException(connector + ": rows not all committed in time; " + bench.countRows(table)
                + " of " + rows);
    }
}
