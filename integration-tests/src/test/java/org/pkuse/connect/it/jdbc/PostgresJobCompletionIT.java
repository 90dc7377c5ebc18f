package org.pkuse.connect.it.jdbc;

/** Exact job completion on PostgreSQL. */
class PostgresJobCompletionIT extends AbstractJobCompletionIT {
    PostgresJobCompletionIT() {
        super(TargetDatabase.postgres());
    }
}
