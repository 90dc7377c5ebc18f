package org.pkuse.connect.jdbc.continuous;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.pkuse.connect.common.config.PluginVersion;
import org.pkuse.connect.jdbc.JdbcSourceConfig;
import org.pkuse.connect.jdbc.connection.ConnectionPool;
import org.pkuse.connect.jdbc.continuous.ContinuousOptions.Mode;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DatabaseDialects;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.source.JdbcRunSource;
import org.pkuse.connect.jdbc.source.ReadSettings;
import org.pkuse.connect.jdbc.source.SourceTable;
import org.pkuse.connect.status.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous mode: the task's tables polled for ever, as Confluent's JDBC source does, with its offsets. There is
 * no job here, so no job headers and no status events; a failure fails the task, as Connect shows it.
 */
public class ContinuousTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(ContinuousTask.class);
    /** Longest sleep of one poll() when no table is due, so that stop() is not kept waiting. */
    private static final long MAX_IDLE_MS = 1000;

    private final Object wake = new Object();
    private final List<TablePoller> pollers = new ArrayList<>();
    private JdbcSourceConfig config;
    private HikariDataSource pool;
    private int next;
    private volatile boolean stopping;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSourceConfig(props);
        Mode mode = config.mode();
        pool = ConnectionPool.open(config, "pkuse-jdbc-continuous-" + props.getOrDefault("name", "task"));
        ReadSettings settings = new ReadSettings(config.fetchSize(), config.zone(), config.includeValues(),
                config.inflightWait(), config.continuousTimestampDelay());
        try (Connection conn = pool.getConnection()) {
            DatabaseDialect dialect = DatabaseDialects.resolve(config.dialectName(), config.connectionUrl(),
                    ServerInfo.of(conn.getMetaData()));
            String columns = ContinuousChecks.incrementField(config);
            if (config.query() != null) {
                SourceTable query = SourceTable.resolveQuery(conn, dialect, config.query(),
                        order(mode, columns, List.of()), columns, false);
                pollers.add(new TablePoller(JdbcRunSource.on(pool, dialect, query, settings), mode,
                        config.getString(ContinuousOptions.TOPIC_PREFIX).trim(), ContinuousPartitions.query(), List.of(),
                        config.pollInterval().toMillis(), config.tolerateAll()));
            }
            for (String name : config.continuousTables()) {
                TableId id = SourceTable.qualified(conn, dialect, TableId.parse(config.qualify(name)));
                List<String> primaryKey = SourceTable.primaryKey(conn, dialect, id);
                SourceTable table = SourceTable.resolve(conn, dialect, id, order(mode, columns, primaryKey), columns,
                        false);
                pollers.add(new TablePoller(JdbcRunSource.on(pool, dialect, table, settings), mode,
                        config.continuousTopic(name), ContinuousPartitions.table(id), primaryKey,
                        config.pollInterval().toMillis(), config.tolerateAll()));
            }
        } catch (Exception e) {
            pool.close();
            throw new ConnectException("Continuous mode could not start on " + Redactor.redact(config.connectionUrl())
                    + ": " + SqlErrors.brief(e), e);
        }
        Map<Map<String, Object>, Map<String, Object>> offsets = ContinuousPartitions.read(
                context.offsetStorageReader(), pollers.stream().map(TablePoller::partition).toList());
        for (TablePoller poller : pollers) {
            poller.resume(offsets.get(poller.partition()));
        }
        log.info("JDBC source (continuous, mode {}): {} table(s) at {}, every {} ms", config.modeText(),
                pollers.size(), Redactor.redact(config.connectionUrl()), config.pollInterval().toMillis());
    }

    /**
     * The order rows are read in: the mode's columns, then the primary key's others. Each record's position is then
     * the exact point a restarted task resumes after.
     */
    private static List<String> order(Mode mode, String columns, List<String> primaryKey) {
        List<String> order = new ArrayList<>();
        for (String c : columns.split(",")) {
            if (!c.isBlank()) {
                order.add(c.trim());
            }
        }
        if (mode != Mode.INCREMENTING) {
            primaryKey.stream().filter(k -> order.stream().noneMatch(k::equalsIgnoreCase)).forEach(order::add);
        }
        return order;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        while (!stopping) {
            long soonest = Long.MAX_VALUE;
            for (int i = 0; i < pollers.size(); i++) {
                TablePoller poller = pollers.get((next + i) % pollers.size());
                List<SourceRecord> records;
                try {
                    records = poller.poll(config.batchMaxRows());
                } catch (ConnectException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ConnectException("Table " + poller.name() + ": "
                            + SqlErrors.brief(e), e);
                }
                if (!records.isEmpty()) {
                    next = (next + i + 1) % pollers.size(); // the next poll starts with the next table
                    return records;
                }
                soonest = Math.min(soonest, poller.dueAt());
            }
            long sleep = Math.min(MAX_IDLE_MS, soonest - System.currentTimeMillis());
            if (sleep > 0) {
                synchronized (wake) {
                    wake.wait(sleep);
                }
                return null; // back to the worker between sleeps (it may want to commit or stop)
            }
        }
        return null;
    }

    @Override
    public void stop() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        for (TablePoller poller : pollers) {
            poller.close();
        }
        if (pool != null) {
            pool.close();
        }
    }
}
