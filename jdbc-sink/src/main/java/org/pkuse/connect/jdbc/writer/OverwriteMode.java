package org.pkuse.connect.jdbc.writer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.schema.TableCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code write.mode=2} (overwrite): a job's rows go to a staging table next to the target,
 * {@code <target>__stg_<crc32 of job id>}, created like the target (or from the records when the target does not
 * exist yet). When the job ends the staging table replaces the target: renames inside the ending transaction on
 * PostgreSQL; on MySQL/MariaDB, where DDL commits implicitly, the ending transaction leaves the job SWAPPING and one
 * {@code RENAME TABLE} follows it, then the job becomes ENDED (a swap cut short is finished later, see
 * {@link #swapIn}). Readers see the old table or the new one. A failed job's staging table is dropped and the
 * target stays as it was.
 *
 * <p>A job's rows are expected to go to one table: the one its topic maps to.
 */
public final class OverwriteMode implements WriteMode {

    private static final Logger log = LoggerFactory.getLogger(OverwriteMode.class);
    private static final String MARK = "__stg_";

    private final DatabaseDialect dialect;
    private final TableCatalog catalog;
    private final RecordMapper mapper;
    private final Set<TableId> prepared = new HashSet<>();

    public OverwriteMode(DatabaseDialect dialect, TableCatalog catalog, RecordMapper mapper) {
        this.dialect = dialect;
        this.catalog = catalog;
        this.mapper = mapper;
    }

    /** The staging table of job {@code jobId}'s rows. */
    @Override
    public TableId tableFor(TableId target, String jobId) {
        return stagingFor(target, jobId);
    }

    static TableId stagingFor(TableId target, String jobId) {
        CRC32 crc = new CRC32();
        crc.update(jobId.getBytes(StandardCharsets.UTF_8));
        String base = target.name().length() > 40 ? target.name().substring(0, 40) : target.name();
        return target.withName(base + MARK + String.format("%08x", crc.getValue()));
    }

    private static boolean isStaging(TableId table) {
        return table.name().contains(MARK);
    }

    private static TableId oldFor(TableId staging) {
        return staging.withName(staging.name().replace(MARK, "__old_"));
    }

    /** Creates the staging table like the target, when the target exists (else auto.create makes it). */
    @Override
    public void prepare(Connection conn, TableId stagingTable, List<ColumnSpec> columns) throws SQLException {
        if (!isStaging(stagingTable) || prepared.contains(stagingTable)) {
            return;
        }
        TableId target = targetOf(stagingTable);
        if (catalog.read(conn, target).isPresent()) {
            try {
                execute(conn, List.of(dialect.createTableLike(stagingTable, target)));
            } catch (SQLException e) {
                // Another task of the job created it at the same moment (PostgreSQL reports that race even for
                // IF NOT EXISTS): no error once the table is there.
                if (SqlErrors.isTransient(e) || catalog.read(conn, stagingTable).isEmpty()) {
                    throw e;
                }
            }
            log.info("Overwrite: staging table {} for target {}", stagingTable, target);
        }
        prepared.add(stagingTable);
    }

    private TableId targetOf(TableId stagingTable) {
        String name = stagingTable.name();
        return stagingTable.withName(name.substring(0, name.lastIndexOf(MARK)));
    }

    /** PostgreSQL: swap inside the transaction that ends the job. */
    @Override
    public void beforeEnd(Connection conn, JobProgress job) throws SQLException {
        if (dialect.transactionalDdl()) {
            swap(conn, job);
        }
    }

    /** MySQL/MariaDB: RENAME TABLE commits implicitly, so the swap can only follow the commit that ends the job. */
    @Override
    public boolean swapsAfterCommit() {
        return !dialect.transactionalDdl();
    }

    /**
     * MySQL/MariaDB, after the commit that made the job SWAPPING (call with auto-commit on): renames its staging
     * table in. Safe to repeat after a failure or a crash, and while another task does the same: a job that wrote
     * rows had a staging table, so when that table is gone it was swapped in already.
     */
    @Override
    public void swapIn(Connection conn, JobProgress job) throws SQLException {
        TableId stagingTable = stagingFor(mapper.tableFor(job.topic()), job.jobId());
        if (swappedAlready(conn, job, stagingTable)) {
            log.info("Overwrite: job {}: staging table {} was swapped in already", job.jobId(), stagingTable);
            return;
        }
        try {
            swap(conn, job);
        } catch (SQLException e) {
            if (swappedAlready(conn, job, stagingTable)) {
                log.info("Overwrite: job {}: staging table {} was swapped in by another task", job.jobId(),
                        stagingTable);
                return;
            }
            throw e;
        }
    }

    private boolean swappedAlready(Connection conn, JobProgress job, TableId stagingTable) throws SQLException {
        catalog.forget(stagingTable);
        if (job.written() == 0 || catalog.read(conn, stagingTable).isPresent()) {
            return false;
        }
        // A swap cut short between its RENAME and its DROP leaves the old table behind.
        execute(conn, List.of(dialect.dropTableIfExists(oldFor(stagingTable))));
        prepared.remove(stagingTable);
        return true;
    }

    private void swap(Connection conn, JobProgress job) throws SQLException {
        TableId target = mapper.tableFor(job.topic());
        TableId stagingTable = stagingFor(target, job.jobId());
        boolean targetExists = catalog.read(conn, target).isPresent();
        boolean stagingExists = catalog.read(conn, stagingTable).isPresent();
        if (!stagingExists) {
            if (!targetExists) {
                log.info("Overwrite: job {} wrote no rows and table {} does not exist; nothing to replace",
                        job.jobId(), target);
                return;
            }
            // An empty run replaces the content with nothing.
            execute(conn, List.of(dialect.createTableLike(stagingTable, target)));
        }
        execute(conn, dialect.swapTables(target, stagingTable, oldFor(stagingTable), targetExists));
        catalog.forget(target);
        catalog.forget(stagingTable);
        prepared.remove(stagingTable);
        log.info("Overwrite: job {} replaced table {} with its {} row(s)", job.jobId(), target, job.written());
    }

    /**
     * A job that had ended before this task prepared a staging table for its records (sent again): drops that
     * table. Never for a SWAPPING job, whose staging table holds its rows.
     */
    @Override
    public void dropIfPrepared(Connection conn, JobProgress job) throws SQLException {
        TableId stagingTable = stagingFor(mapper.tableFor(job.topic()), job.jobId());
        if (prepared.remove(stagingTable)) {
            boolean auto = conn.getAutoCommit();
            conn.setAutoCommit(true);
            try {
                execute(conn, List.of(dialect.dropTableIfExists(stagingTable)));
            } finally {
                conn.setAutoCommit(auto);
            }
            catalog.forget(stagingTable);
            log.info("Overwrite: job {} had ended already; dropped staging table {} made for its records sent again",
                    job.jobId(), stagingTable);
        }
    }

    /** A failed job: drops its staging table, the target stays as it was. */
    @Override
    public void discard(Connection conn, String jobId, String topic) {
        TableId stagingTable = stagingFor(mapper.tableFor(topic), jobId);
        try {
            execute(conn, List.of(dialect.dropTableIfExists(stagingTable)));
            catalog.forget(stagingTable);
            prepared.remove(stagingTable);
            log.info("Overwrite: job {} failed; dropped staging table {}, target left as it was", jobId,
                    stagingTable);
        } catch (SQLException e) {
            throw new ConnectException("Could not drop staging table " + stagingTable + " of failed job " + jobId, e);
        }
    }

    private static void execute(Connection conn, List<String> statements) throws SQLException {
        try (Statement s = conn.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
