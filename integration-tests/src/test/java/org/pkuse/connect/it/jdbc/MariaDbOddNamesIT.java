package org.pkuse.connect.it.jdbc;

/** Odd names against MariaDB 11.4, through MySQL's driver: 64 characters at most per identifier. */
class MariaDbOddNamesIT extends AbstractOddNamesIT {

    MariaDbOddNamesIT() {
        super(TargetDatabase.mariaDb());
    }

    @Override
    String schemaOf(String database) {
        return database;
    }

    @Override
    String q(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    void createQualifier(String name) {
        db.recreate(name);
    }

    @Override
    String tooLongName() {
        return "表".repeat(65);
    }

    @Override
    String limit() {
        return "64 characters";
    }
}
