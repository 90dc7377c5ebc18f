package org.pkuse.connect.testkit;

import java.io.IOException;

import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * Runs {@code ConnectDistributed} in a worker JVM of {@link ProcessConnectCluster}, and halts that JVM as soon as
 * its standard input closes: the test JVM holds the other end, so a worker never outlives a test JVM that was
 * killed (by Failsafe's timeout, say) before its shutdown hook could run.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent: only the end of the stream matters
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(137);
        }, "pkuse-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        ConnectDistributed.main(args);
    }
}
