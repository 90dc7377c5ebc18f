package org.pkuse.connect.it.faults;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.pkuse.connect.it.jdbc.TargetDatabase;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;

/**
 * The source side of a worker-kill job: a table of sample employees (id, name, sex, salary) and the source connector
 * that reads it into the job's topic.
 */
interface KillSource {

    /** Creates the table with employees 1..{@code rows}; returns the topic the source writes. */
    String prepare(String name, int rows) throws Exception;

    /** The source connector's config for job {@code job}. */
    Map<String, String> config(String name, String job, String statusBrokers);

    /** The table's rows: id → name, sex, salary. */
    SortedMap<Long, List<Object>> rows(String name) throws Exception;

    /** The HBase source over {@code kill:<name>}. */
    static KillSource hbase() {
        return new KillSource() {
            @Override
            public String prepare(String name, int rows) {
                HBaseCluster hbase = TestKit.hbase();
                hbase.createTable("kill:" + name, List.of("info"), List.of("3", "6"));
                hbase.generateEmployees("kill:" + name, "info", 1, rows, false);
                return "kill_" + name;
            }

            @Override
            public Map<String, String> config(String name, String job, String statusBrokers) {
                return FaultJobs.source("kill", name, job, statusBrokers);
            }

            @Override
            public SortedMap<Long, List<Object>> rows(String name) {
                SortedMap<Long, List<Object>> rows = new TreeMap<>();
                for (Map.Entry<String, Map<String, byte[]>> row : TestKit.hbase().scan("kill:" + name,
                        Integer.MAX_VALUE).entrySet()) {
                    Map<String, byte[]> cells = row.getValue();
                    rows.put(Long.parseLong(row.getKey()), List.of(text(cells, "info:name"),
                            text(cells, "info:sex"), Long.parseLong(text(cells, "info:salary"))));
                }
                return rows;
            }

            private static String text(Map<String, byte[]> cells, String column) {
                return new String(cells.get(column), StandardCharsets.UTF_8);
            }
        };
    }

    /**
     * The JDBC source over MariaDB's {@code ks_<name>.emp} (through a jdbc:mysql: URL, as the field writes it), read
     * in three key ranges at once.
     */
    static KillSource mariaDb() {
        TargetDatabase db = TargetDatabase.mariaDb();
        return new KillSource() {
            @Override
            public String prepare(String name, int rows) throws Exception {
                db.recreate("ks_" + name);
                try (Connection c = db.connect("ks_" + name); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE emp (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, "
                            + "sex VARCHAR(2), salary BIGINT)");
                    c.setAutoCommit(false);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO emp VALUES (?, ?, ?, ?)")) {
                        for (int id = 1; id <= rows; id++) {
                            ps.setLong(1, id);
                            ps.setString(2, "员工-" + id);
                            ps.setString(3, id % 2 == 0 ? "F" : "M");
                            ps.setLong(4, 1000L * id);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    c.commit();
                }
                return "ks_" + name + "_emp";
            }

            @Override
            public Map<String, String> config(String name, String job, String statusBrokers) {
                Map<String, String> c = new java.util.LinkedHashMap<>();
                c.put("connector.class", "org.pkuse.connect.jdbc.JdbcSourceConnector");
                c.put("connection.url", db.connectorUrl("ks_" + name));
                c.put("connection.user", db.user());
                c.put("connection.password", db.password());
                c.put("pkuse.jdbc.table.name", "emp");
                c.put("pkuse.jdbc.read.ranges", "3"); // three readers under one table lock, resumed after a kill
                c.put("org.pkuse.kafka.broker", statusBrokers);
                c.put("pkuse.task.id", job);
                return c;
            }

            @Override
            public SortedMap<Long, List<Object>> rows(String name) throws Exception {
                SortedMap<Long, List<Object>> rows = new TreeMap<>();
                try (Connection c = db.connect("ks_" + name); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT id, name, sex, salary FROM emp")) {
                    while (rs.next()) {
                        rows.put(rs.getLong(1), List.of(rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
                return rows;
            }
        };
    }
}
