package org.pkuse.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class MariaDbServerIT {

    @Test
    void takesABatchedInsertAsRootOverTcp() throws Exception {
        MariaDbServer db = TestKit.mariaDb();
        db.recreateDatabase("smoke");
        String url = db.url("smoke") + "?rewriteBatchedStatements=true";

        try (Connection c = DriverManager.getConnection(url, "root", MariaDbServer.PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(64))");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO people VALUES (?, ?)")) {
                for (int i = 1; i <= 1000; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "名字" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();

            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(id), (SELECT name FROM people WHERE id = 500)"
                    + " FROM people")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1000);
                assertThat(rs.getInt(2)).isEqualTo(1000);
                assertThat(rs.getString(3)).isEqualTo("名字500");
            }
        }
    }
}
