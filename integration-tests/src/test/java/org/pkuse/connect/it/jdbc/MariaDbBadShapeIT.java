package org.pkuse.connect.it.jdbc;

/** Records of a bad shape on MariaDB (MySQL's driver, jdbc:mysql:// URL). */
class MariaDbBadShapeIT extends AbstractBadShapeIT {
    MariaDbBadShapeIT() {
        super(TargetDatabase.mariaDb());
    }
}
