package org.pkuse.connect.it.jdbc;

/** Exact job completion on MariaDB (MySQL's driver, jdbc:mysql:// URL). */
class MariaDbJobCompletionIT extends AbstractJobCompletionIT {
    MariaDbJobCompletionIT() {
        super(TargetDatabase.mariaDb());
    }
}
