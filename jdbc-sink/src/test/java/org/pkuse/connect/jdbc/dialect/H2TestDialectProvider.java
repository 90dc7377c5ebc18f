package org.pkuse.connect.jdbc.dialect;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pkuse.connect.jdbc.dialect.postgresql.PostgresDialect;

/**
 * A database the product does not know, registered only in {@code h2-dialect/META-INF/services} (a class loader
 * of its own in {@link InstalledDialectsTest}): it must be enough to add one.
 */
public final class H2TestDialectProvider implements DialectProvider {

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public List<String> urlPrefixes() {
        return List.of("jdbc:h2:");
    }

    @Override
    public String driverClass() {
        return "org.h2.Driver";
    }

    @Override
    public String prepareUrl(String url, boolean includeValues) {
        return url;
    }

    @Override
    public Map<String, String> connectTimeouts(Duration timeout) {
        return Map.of();
    }

    @Override
    public Set<String> unsafeUrlParameters() {
        return Set.of("init");
    }

    @Override
    public int score(String jdbcUrl, ServerInfo server) {
        return jdbcUrl.startsWith("jdbc:h2:") ? 10 : 0;
    }

    @Override
    public DatabaseDialect create(ServerInfo server) {
        return new PostgresDialect();
    }
}
