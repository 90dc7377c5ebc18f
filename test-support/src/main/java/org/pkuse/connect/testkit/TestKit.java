package org.pkuse.connect.testkit;

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
