package org.pkuse.connect.it.faults;

import java.util.Map;

/**
 * The kill tests with the JDBC source reading MariaDB: a source task killed mid-run resumes after its last committed
 * row with the same numbering, in a new snapshot with the run's bounds, and the job still ends once with the exact
 * count.
 */
class JdbcSourceWorkerKillIT extends AbstractWorkerKillIT {

    @Override
    protected Map<String, String> variantWorkerProps() {
        return Map.of();
    }

    @Override
    protected String variant() {
        return "jdbc";
    }

    @Override
    protected KillSource source() {
        return KillSource.mariaDb();
    }
}
