package org.pkuse.connect.it.jdbc;

/** Overwrite on MariaDB: one atomic RENAME TABLE after the commit that ends the job. */
class MariaDbOverwriteIT extends AbstractOverwriteIT {
    MariaDbOverwriteIT() {
        super(TargetDatabase.mariaDb());
    }
}
