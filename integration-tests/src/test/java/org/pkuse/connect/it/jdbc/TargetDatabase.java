package org.pkuse.connect.it.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.PostgresServer;
import org.pkuse.connect.testkit.TestKit;

/** A database the sink writes into, as the tests see it: its URL for the connector and a connection to check. */
public interface TargetDatabase {

    String name();

    void recreate(String database);

    String connectorUrl(String database);

    String user();

    String password();

    Connection connect(String database) throws SQLException;

    /** {@code table.name.format} value naming this table in that database. */
    String tableName(String database, String table);

    /** The column's type as a DBA reads it (MariaDB: COLUMN_TYPE; PostgreSQL: format_type). */
    String columnType(String database, String table, String column) throws SQLException;

    /** The column's nullability: true when NULL is allowed. */
    boolean nullable(String database, String table, String column) throws SQLException;

    /** A quoted identifier for the test's own SQL. */
    String q(String identifier);

    static TargetDatabase mariaDb() {
        MariaDbServer db = TestKit.mariaDb();
        return new TargetDatabase() {
            @Override
            public String name() {
                return "mariadb";
            }

            @Override
            public void recreate(String database) {
                db.recreateDatabase(database);
            }

            @Override
            public String connectorUrl(String database) {
                return db.mysqlUrl(database);
            }

            @Override
            public String user() {
                return db.user();
            }

            @Override
            public String password() {
                return db.password();
            }

            @Override
            public Connection connect(String database) throws SQLException {
                return db.connect(database);
            }

            @Override
            public String tableName(String database, String table) {
                return database + "." + table;
            }

            @Override
            public String columnType(String database, String table, String column) throws SQLException {
                return info(database, table, column, "COLUMN_TYPE");
            }

            @Override
            public boolean nullable(String database, String table, String column) throws SQLException {
                return "YES".equals(info(database, table, column, "IS_NULLABLE"));
            }

            private String info(String database, String table, String column, String what) throws SQLException {
                try (Connection c = connect(database); PreparedStatement ps = c.prepareStatement("SELECT " + what
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND "
                        + "COLUMN_NAME = ?")) {
                    ps.setString(1, database);
                    ps.setString(2, table);
                    ps.setString(3, column);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            }

            @Override
            public String q(String identifier) {
                return "`" + identifier + "`";
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    static TargetDatabase postgres() {
        PostgresServer db = TestKit.postgres();
        return new TargetDatabase() {
            @Override
            public String name() {
                return "postgresql";
            }

            @Override
            public void recreate(String database) {
                db.recreateDatabase(database);
            }

            @Override
            public String connectorUrl(String database) {
                return db.url(database);
            }

            @Override
            public String user() {
                return db.user();
            }

            @Override
            public String password() {
                return db.password();
            }

            @Override
            public Connection connect(String database) throws SQLException {
                return db.connect(database);
            }

            @Override
            public String tableName(String database, String table) {
                return "public." + table;
            }

            @Override
            public String columnType(String database, String table, String column) throws SQLException {
                try (Connection c = connect(database); PreparedStatement ps = c.prepareStatement(
                        "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class t ON "
                                + "a.attrelid = t.oid JOIN pg_namespace n ON t.relnamespace = n.oid WHERE "
                                + "n.nspname = 'public' AND t.relname = ? AND a.attname = ? AND NOT a.attisdropped")) {
                    ps.setString(1, table);
                    ps.setString(2, column);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            }

            @Override
            public boolean nullable(String database, String table, String column) throws SQLException {
                try (Connection c = connect(database); PreparedStatement ps = c.prepareStatement(
                        "SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND "
                                + "table_name = ? AND column_name = ?")) {
                    ps.setString(1, table);
                    ps.setString(2, column);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() && "YES".equals(rs.getString(1));
                    }
                }
            }

            @Override
            public String q(String identifier) {
                return "\"" + identifier + "\"";
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }
}
