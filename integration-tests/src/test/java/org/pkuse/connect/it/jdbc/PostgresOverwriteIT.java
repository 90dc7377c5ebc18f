package org.pkuse.connect.it.jdbc;

/** Overwrite on PostgreSQL: the renames run inside the transaction that ends the job. */
class PostgresOverwriteIT extends AbstractOverwriteIT {
    PostgresOverwriteIT() {
        super(TargetDatabase.postgres());
    }
}
