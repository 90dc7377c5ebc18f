package org.pkuse.connect.testkit;

/**
 * {@link org.pkuse.connect.localstack.MariaDbServer} under the name the tests know. Tests log in as {@code root}
 * with {@link #PASSWORD}, which differs from the user name, so a test that searches logs and events for the password
 * means something.
 */
public final class MariaDbServer extends org.pkuse.connect.localstack.MariaDbServer implements SqlServer {

    private MariaDbServer(org.pkuse.connect.localstack.MariaDbServer started) {
        super(started);
    }

    public static MariaDbServer start() {
        return start(PASSWORD);
    }

    /** Starts a server whose {@code root} account over TCP has {@code rootPassword}. */
    public static MariaDbServer start(String rootPassword) {
        return new MariaDbServer(org.pkuse.connect.localstack.MariaDbServer.start(rootPassword));
    }
}
