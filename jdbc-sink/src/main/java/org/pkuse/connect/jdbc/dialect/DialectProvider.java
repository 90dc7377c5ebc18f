package org.pkuse.connect.jdbc.dialect;

/**
 * Creates a dialect for the databases it knows. Registered in
 * {@code META-INF/services/org.pkuse.connect.jdbc.dialect.DialectProvider}.
 */
public interface DialectProvider {

    /** The name accepted by {@code dialect.name}. */
    String name();

    /** How well this provider fits: 0 = not at all; the highest score wins. */
    int score(String jdbcUrl, ServerInfo server);

    DatabaseDialect create(ServerInfo server);
}
