package org.pkuse.connect.testkit;

import java.sql.Connection;
import java.sql.SQLException;

/** A database server the test kit starts (MariaDB, PostgreSQL), as tests that run against either one use it. */
public interface SqlServer extends AutoCloseable {

    /** Drops and creates {@code database}. */
    void recreateDatabase(String database);

    /** A new connection to {@code database}, auto-commit on. */
    Connection connect(String database) throws SQLException;

    /** The JDBC URL of {@code database}, without the login. */
    String url(String database);

    String user();

    /** Differs from {@link #user()}, so that a leak check means something. */
    String password();

    @Override
    void close();
}
