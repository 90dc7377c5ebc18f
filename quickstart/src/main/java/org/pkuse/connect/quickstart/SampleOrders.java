package org.pkuse.connect.quickstart;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;

import org.pkuse.connect.localstack.MariaDbServer;

/** The JDBC source job's sample table: {@code myprj_online.main_orderinfo}, orders with Chinese notes. */
final class SampleOrders {

    static final String DATABASE = "myprj_online";
    static final String TABLE = "main_orderinfo";

    private SampleOrders() {
    }

    static void load(MariaDbServer db, long rows) throws SQLException {
        db.recreateDatabase(DATABASE);
        try (Connection c = db.connect(DATABASE)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + TABLE + " (right_id BIGINT NOT NULL PRIMARY KEY, order_no VARCHAR(32) "
                        + "NOT NULL, amount DECIMAL(12,2), created DATETIME, note VARCHAR(100) CHARACTER SET utf8mb4, "
                        + "paid BOOLEAN)");
            }
            c.setAutoCommit(false);
            LocalDateTime start = LocalDateTime.of(2021, 6, 17, 8, 0);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, ?, ?, ?)")) {
                for (long id = 1; id <= rows; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, "NO-" + id);
                    ps.setBigDecimal(3, BigDecimal.valueOf(id * 25 % 100_000, 2));
                    ps.setTimestamp(4, Timestamp.valueOf(start.plusSeconds(id * 37)));
                    ps.setString(5, "订单备注" + id);
                    ps.setBoolean(6, id % 3 == 0);
                    ps.addBatch();
                    if (id % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
