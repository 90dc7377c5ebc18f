package org.pkuse.connect.jdbc;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.PostgresServer;
import org.pkuse.connect.testkit.SqlServer;

/**
 * A real database server for a test class, started before its tests and stopped after them:
 * {@code @RegisterExtension static final TestDatabase DATABASE = TestDatabase.mariaDb();}, then
 * {@code DATABASE.server()}.
 */
public final class TestDatabase<S extends SqlServer> implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<S> starter;
    private S server;

    private TestDatabase(Supplier<S> starter) {
        this.starter = starter;
    }

    public static TestDatabase<MariaDbServer> mariaDb() {
        return new TestDatabase<>(MariaDbServer::start);
    }

    public static TestDatabase<PostgresServer> postgres() {
        return new TestDatabase<>(PostgresServer::start);
    }

    public S server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }
}
