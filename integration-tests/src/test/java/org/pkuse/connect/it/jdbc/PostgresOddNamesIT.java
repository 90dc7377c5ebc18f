package org.pkuse.connect.it.jdbc;

import java.sql.SQLException;

/** Odd names against PostgreSQL 16: 63 bytes at most per identifier, and longer ones are cut without a word. */
class PostgresOddNamesIT extends AbstractOddNamesIT {

    PostgresOddNamesIT() {
        super(TargetDatabase.postgres());
    }

    @Override
    String schemaOf(String database) {
        return "public";
    }

    @Override
    String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    void createQualifier(String name) throws SQLException {
        JdbcSinkTestSupport.execute(db, database, "CREATE SCHEMA " + q(name));
    }

    /** 22 characters, 66 bytes in UTF-8. */
    @Override
    String tooLongName() {
        return "表".repeat(22);
    }

    @Override
    String limit() {
        return "63 bytes";
    }
}
