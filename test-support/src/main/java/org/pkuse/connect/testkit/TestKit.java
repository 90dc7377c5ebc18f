package org.pkuse.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.pkuse.connect.localstack.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real components, each started once per test JVM on first use and stopped when the JVM exits (also when a
 * test failed), so that a suite of integration tests pays for each start-up once.
 */
public final class TestKit {

    private static final Logger log = LoggerFactory.getLogger(TestKit.class);

    private static ConnectCluster connect;
    private static MariaDbServer mariaDb;
    private static HBaseCluster hbase;
    private static PostgresServer postgres;
    private static SchemaRegistry registry;

    private TestKit() {
    }

    public static synchronized ConnectCluster connect() {
        if (connect == null) {
            connect = ConnectCluster.start();
            onExit("Connect cluster", connect);
        }
        return connect;
    }

    public static synchronized MariaDbServer mariaDb() {
        if (mariaDb == null) {
            mariaDb = MariaDbServer.start();
            onExit("MariaDB", mariaDb);
        }
        return mariaDb;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start();
            onExit("PostgreSQL", postgres);
        }
        return postgres;
    }

    public static synchronized HBaseCluster hbase() {
        if (hbase == null) {
            hbase = HBaseCluster.start();
            onExit("HBase", hbase);
        }
        return hbase;
    }

    /**
     * Apicurio Registry, from the folder the build unpacks it into (system property {@code pkuse.registry.home}),
     * on a Java 21+ runtime found on this machine.
     */
    public static synchronized SchemaRegistry registry() {
        if (registry == null) {
            String home = System.getProperty("pkuse.registry.home", "");
            if (home.isBlank()) {
                throw new IllegalStateException("System property pkuse.registry.home is not set: run the test "
                        + "through Maven, which unpacks the registry (module schema-registry)");
            }
            try {
                registry = SchemaRegistry.start(Path.of(home),
                        Files.createTempDirectory("pkuse-registry"), Duration.ofSeconds(90));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            onExit("schema registry", registry);
        }
        return registry;
    }

    /** The folder of third-party plugin folders (the Avro converter's): system property {@code pkuse.converter.plugins.dir}. */
    public static Path converterPluginsDir() {
        String dir = System.getProperty("pkuse.converter.plugins.dir", "");
        if (dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("No converter plugin folder at '" + dir + "' (system property "
                    + "pkuse.converter.plugins.dir): build the schema-registry module first");
        }
        return Path.of(dir);
    }

    private static void onExit(String name, AutoCloseable component) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                component.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly: {}", name, e.toString());
            }
        }, "pkuse-testkit-stop-" + name));
    }
}
