package org.pkuse.connect.jdbc.dialect;

/**
 * MariaDB: MySQL's SQL, but MariaDB has no row alias in {@code INSERT}; upserts use {@code VALUES(c)}, which
 * MariaDB keeps supporting. Chosen for {@code jdbc:mariadb:} URLs and for {@code jdbc:mysql:} URLs that reach a
 * MariaDB server.
 */
public class MariaDbDialect extends MySqlDialect {

    public MariaDbDialect() {
        super(false);
    }

    @Override
    public String name() {
        return "mariadb";
    }

    public static final class Provider implements DialectProvider {
        @Override
        public String name() {
            return "mariadb";
        }

        @Override
        public int score(String jdbcUrl, ServerInfo server) {
            if (jdbcUrl.startsWith("jdbc:mariadb:")) {
                return 10;
            }
            return jdbcUrl.startsWith("jdbc:mysql:") && server != null && server.isMariaDb() ? 20 : 0;
        }

        @Override
        public DatabaseDialect create(ServerInfo server) {
            return new MariaDbDialect();
        }
    }
}
