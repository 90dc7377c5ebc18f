package org.pkuse.connect.quickstart;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the seed job left in its target, shown as a person checks it: how many rows, and the first five. */
final class TargetRows {

    private final LocalStack stack;
    private final PrintStream out;

    TargetRows(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** The JDBC sink's database, from its {@code table.name.format} ({@code database.table}). */
    static String database(ObjectNode sink) {
        String table = sink.path("config").path("table.name.format").asText();
        return table.substring(0, table.indexOf('.'));
    }

    /** The HBase sink's table, {@code namespace:table}, as its config names it. */
    static String hbaseTable(ObjectNode sink) {
        return sink.path("config").path("pkuse.hbase.namespace").asText("default") + ":"
                + sink.path("config").path("pkuse.hbase.table.name").asText();
    }

    /** The JDBC sink's table: its row count (-1 when it cannot be read) and its first five rows by key. */
    long showMariaDb(ObjectNode sink) {
        String qualified = sink.path("config").path("table.name.format").asText();
        String database = database(sink);
        String table = qualified.substring(qualified.indexOf('.') + 1);
        try (Connection c = stack.mariaDb().connect(database); Statement s = c.createStatement()) {
            long count;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                count = rs.getLong(1);
            }
            out.println("\nMariaDB " + qualified + ": " + count + " rows; the first five:");
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1 LIMIT 5")) {
                ResultSetMetaData meta = rs.getMetaData();
                StringBuilder header = new StringBuilder("  ");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    header.append(String.format(Locale.ROOT, "%-14s", meta.getColumnName(i)));
                }
                out.println(header);
                while (rs.next()) {
                    StringBuilder row = new StringBuilder("  ");
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(String.format(Locale.ROOT, "%-14s", rs.getString(i)));
                    }
                    out.println(row);
                }
            }
            return count;
        } catch (SQLException e) {
            out.println("\nCould not read the target table: " + e.getMessage());
            return -1;
        }
    }

    /** A few rows of the HBase sink's table (cells as UTF-8 text, the example's string encoding), and how many. */
    long showHBase(String table) {
        try {
            long count = stack.hbase().count(table);
            out.println("\nHBase " + table + ": " + count + " rows; the first five by row key:");
            for (Map.Entry<String, Map<String, byte[]>> row : stack.hbase().scan(table, 5).entrySet()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s", row.getKey()));
                row.getValue().forEach((column, value) -> line.append(String.format(Locale.ROOT, "%s=%-12s ",
                        column, new String(value, StandardCharsets.UTF_8))));
                out.println(line.toString().stripTrailing());
            }
            return count;
        } catch (RuntimeException e) {
            out.println("\nCould not read the target table " + table + ": " + e.getMessage());
            return -1;
        }
    }
}
