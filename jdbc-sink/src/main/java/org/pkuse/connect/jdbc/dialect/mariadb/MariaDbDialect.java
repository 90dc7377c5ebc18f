package org.pkuse.connect.jdbc.dialect.mariadb;

import org.pkuse.connect.jdbc.dialect.mysql.MySqlDialect;

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
}
