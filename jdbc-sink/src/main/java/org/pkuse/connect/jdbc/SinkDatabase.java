package org.pkuse.connect.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import org.pkuse.connect.common.job.JobProgress;
import org.pkuse.connect.common.metrics.SinkTaskMetrics;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DatabaseDialects;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.job.ControlTables;
import org.pkuse.connect.jdbc.job.EventOutbox;
import org.pkuse.connect.jdbc.job.JobLedger;
import org.pkuse.connect.jdbc.job.OutboxPublisher;
import org.pkuse.connect.jdbc.job.SinkEvents;
import org.pkuse.connect.jdbc.job.StalledJobs;
import org.pkuse.connect.jdbc.schema.TableCatalog;
import org.pkuse.connect.jdbc.writer.AppendMode;
import org.pkuse.connect.jdbc.writer.BatchWriter;
import org.pkuse.connect.jdbc.writer.OverwriteMode;
import org.pkuse.connect.jdbc.writer.RecordMapper;
import org.pkuse.connect.jdbc.writer.ValueBinder;
import org.pkuse.connect.jdbc.writer.WriteMode;
import org.pkuse.connect.status.StatusHistory;
import org.pkuse.connect.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sink task holds in its target database once it has reached it: the dialect, the control tables, the job
 * ledger, the batch writer and the publisher of owed status events. Made on first use, so a database that is away
 * when the task starts is simply tried again.
 */
final class SinkDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkDatabase.class);

    private final DataSource dataSource;
    private final ControlTables control;
    private final WriteMode mode;
    private final JobLedger ledger;
    private final BatchWriter writer;
    private final OutboxPublisher publisher;

    private SinkDatabase(DataSource dataSource, ControlTables control, WriteMode mode, JobLedger ledger,
                         BatchWriter writer, OutboxPublisher publisher) {
        this.dataSource = dataSource;
        this.control = control;
        this.mode = mode;
        this.ledger = ledger;
        this.writer = writer;
        this.publisher = publisher;
    }

    /** Resolves the dialect, creates the control tables and starts the event publisher. */
    static SinkDatabase open(JdbcSinkConfig config, DataSource dataSource, RecordMapper mapper, String connectorName,
                             String taskLabel, StatusReporter reporter, StatusHistory history) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            DatabaseDialect dialect = DatabaseDialects.resolve(config.dialectName(), config.connectionUrl(),
                    ServerInfo.of(conn.getMetaData()));
            TableCatalog catalog = new TableCatalog(dialect, config.autoCreate(), config.autoEvolve(),
                    new DatabaseDialect.TypeOptions(config.keyVarcharLength(), config.decimalDefaultPrecision()));
            TableId eventsTable = TableId.parse(config.eventsTable());
            ControlTables control = new ControlTables(dialect, TableId.parse(config.offsetsTable()),
                    TableId.parse(config.jobsTable()), eventsTable, connectorName);
            conn.setAutoCommit(true);
            control.create(conn);
            WriteMode mode = config.writeMode() == JdbcSinkConfig.WriteMode.OVERWRITE
                    ? new OverwriteMode(dialect, catalog, mapper) : new AppendMode();
            EventOutbox outbox = new EventOutbox(dialect, eventsTable, connectorName);
            OutboxPublisher publisher = new OutboxPublisher("pkuse-jdbc-events-" + taskLabel, dataSource, outbox,
                    reporter, history);
            JobLedger ledger = new JobLedger(dataSource, control, new SinkEvents(reporter.config(), outbox),
                    publisher::wake, mode);
            BatchWriter writer = new BatchWriter(dataSource, dialect, catalog, ledger, mapper,
                    new ValueBinder(config.dbTimeZone(), dialect.bindsWallClockTimes()), mode);
            SinkDatabase db = new SinkDatabase(dataSource, control, mode, ledger, writer, publisher);
            publisher.checkEvery(new StalledJobs(dataSource, ledger, config.jobIncompleteTimeout(),
                    JdbcSinkConfig.JOB_INCOMPLETE_TIMEOUT, db::discardStaging));
            publisher.start();
            return db;
        }
    }

    ControlTables control() {
        return control;
    }

    BatchWriter writer() {
        return writer;
    }

    /**
     * Flips the jobs (id → topic) to FAILED with their 'error' owed, drops their staging tables, and delivers the
     * errors before returning, within {@code deliverWithin}: the calling task is about to fail and may be the
     * connector's only publisher.
     */
    void failJobs(Map<String, String> jobs, String message, Throwable error, Duration deliverWithin) {
        List<JobProgress> flipped = ledger.markFailed(jobs, message, error);
        if (flipped.isEmpty()) {
            return;
        }
        try (Connection conn = dataSource.getConnection()) {
            for (JobProgress job : flipped) {
                discardStaging(conn, job.jobId(), jobs.get(job.jobId()));
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("could not undo what failed jobs wrote: {}", SqlErrors.brief(e));
        }
        if (!publisher.drain(deliverWithin)) {
            log.error("the 'error' of job(s) {} is recorded in {} but not delivered yet; the next task of "
                    + "this connector to run delivers it", jobs.keySet(), control.jobsTable());
        }
    }

    /**
     * Reads the rows of the jobs the metrics show as open: another task of the connector may have ended or failed
     * them since this task last wrote to them.
     */
    void refresh(SinkTaskMetrics metrics) {
        Set<String> open = metrics.openJobs();
        if (open.isEmpty()) {
            return;
        }
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(true);
            ledger.read(conn, open, false).values().forEach(metrics::job);
        } catch (SQLException | RuntimeException e) {
            log.debug("could not read the open jobs' rows for the metrics: {}", SqlErrors.brief(e));
        }
    }

    /** Overwrite mode: a failed job's staging table goes, the target stays as it was. */
    private void discardStaging(Connection conn, String jobId, String topic) {
        try {
            conn.setAutoCommit(true);
            mode.discard(conn, jobId, topic);
        } catch (SQLException | RuntimeException e) {
            log.warn("could not drop the staging table of failed job {}: {}", jobId, SqlErrors.brief(e));
        }
    }

    /** Stops the publisher; events still owed stay in the events table for the next publisher. */
    @Override
    public void close() {
        publisher.close();
    }
}
