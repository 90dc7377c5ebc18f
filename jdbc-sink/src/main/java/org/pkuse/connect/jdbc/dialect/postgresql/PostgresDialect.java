package org.pkuse.connect.jdbc.dialect.postgresql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.jdbc.dialect.SqlDialect;
import org.pkuse.connect.jdbc.dialect.TableId;

/** PostgreSQL: {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c}; DDL is transactional. */
public class PostgresDialect extends SqlDialect {

    /** Longest name, in bytes (NAMEDATALEN - 1), counted in UTF-8 as the server encoding is taken to be. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    @Override
    public String name() {
        return "postgresql";
    }

    /** Transactions holding a transaction id: those that have written. */
    @Override
    public Optional<String> openWritersQuery() {
        return Optional.of("SELECT pid::text || ':' || backend_xid::text FROM pg_stat_activity "
                + "WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()");
    }

    /** undefined_table. */
    @Override
    public boolean isMissingTable(SQLException e) {
        return super.isMissingTable(e) || "42P01".equals(e.getSQLState());
    }

    /** pgjdbc gives bit(n) as its text. */
    @Override
    public boolean readsBitsAsText(ResultSetMetaData md) {
        return md.getClass().getName().startsWith("org.postgresql.");
    }

    @Override
    public boolean sharesSnapshots() {
        return true;
    }

    @Override
    public boolean beginSharedRead(List<Connection> readers, TableId table, DataSource pool, Duration lockWait)
            throws SQLException {
        Connection first = readers.get(0);
        beginConsistentRead(first);
        String id;
        try (Statement s = first.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            id = rs.getString(1);
        }
        if (!id.matches("[0-9A-Fa-f-]+")) {
            throw new SQLException("not a snapshot id: " + id);
        }
        // the exporting transaction stays open (it is a reader) until every other reader has imported it
        for (Connection reader : readers.subList(1, readers.size())) {
            beginConsistentRead(reader);
            try (Statement s = reader.createStatement()) {
                s.execute("SET TRANSACTION SNAPSHOT '" + id + "'"); // the transaction's first statement
            }
        }
        return true;
    }

    @Override
    protected char quoteChar() {
        return '"';
    }

    @Override
    public void checkIdentifier(String kind, String identifier) {
        int bytes = identifier.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_IDENTIFIER_BYTES) {
            throw new ConnectException(kind + " '" + identifier + "' is " + bytes + " bytes long in UTF-8; "
                    + "PostgreSQL allows at most " + MAX_IDENTIFIER_BYTES + " bytes and would cut it silently");
        }
    }

    @Override
    public String upsert(TableId table, List<String> keyColumns, List<String> valueColumns) {
        String insert = insert(table, keyColumns, valueColumns) + " ON CONFLICT (" + columns(keyColumns) + ")";
        if (valueColumns.isEmpty()) {
            return insert + " DO NOTHING";
        }
        return insert + " DO UPDATE SET " + valueColumns.stream()
                .map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
    }

    @Override
    public String insertIfAbsent(TableId table, List<String> columns) {
        return "INSERT INTO " + table(table) + " (" + columns(columns) + ") VALUES ("
                + placeholders(columns.size()) + ") ON CONFLICT DO NOTHING";
    }

    @Override
    protected Map<Schema.Type, String> primitiveTypes() {
        return Map.of(Schema.Type.INT8, "SMALLINT", Schema.Type.INT16, "SMALLINT", Schema.Type.INT32, "INTEGER",
                Schema.Type.INT64, "BIGINT", Schema.Type.FLOAT32, "REAL", Schema.Type.FLOAT64, "DOUBLE PRECISION",
                Schema.Type.BOOLEAN, "BOOLEAN");
    }

    @Override
    protected String keyStringType(int length) {
        return "VARCHAR(" + length + ")";
    }

    @Override
    protected String textType() {
        return "TEXT";
    }

    @Override
    protected String keyBytesType(int length) {
        return "BYTEA";
    }

    @Override
    protected String timestampType() {
        return "TIMESTAMP(3)";
    }

    @Override
    protected int maxDecimalPrecision() {
        return 1000;
    }

    @Override
    public String blobType() {
        return "BYTEA";
    }

    @Override
    public List<String> controlTables(TableId offsets, TableId jobs, TableId events) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table(offsets) + " (\n"
                        + "  \"connector\" VARCHAR(190) NOT NULL,\n"
                        + "  \"topic\" VARCHAR(249) NOT NULL,\n"
                        + "  \"kafka_partition\" INTEGER NOT NULL,\n"
                        + "  \"committed_offset\" BIGINT NOT NULL,\n"
                        + "  \"updated_at\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                        + "  PRIMARY KEY (\"connector\", \"topic\", \"kafka_partition\")\n)",
                "CREATE TABLE IF NOT EXISTS " + table(jobs) + " (\n"
                        + "  \"connector\" VARCHAR(190) NOT NULL,\n"
                        + "  \"job_id\" VARCHAR(190) NOT NULL,\n"
                        + "  \"topic\" VARCHAR(249) NULL,\n"
                        + "  \"predicted_total\" BIGINT NOT NULL,\n"
                        + "  \"end_index\" BIGINT NULL,\n"
                        + "  \"committed_count\" BIGINT NOT NULL,\n"
                        + "  \"dead_lettered\" BIGINT NOT NULL,\n"
                        + "  \"state\" VARCHAR(16) NOT NULL,\n"
                        + "  \"indexes\" BYTEA NULL,\n"
                        + "  \"started_at\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                        + "  \"updated_at\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                        + "  PRIMARY KEY (\"connector\", \"job_id\")\n)",
                "CREATE TABLE IF NOT EXISTS " + table(events) + " (\n"
                        + "  \"id\" BIGSERIAL,\n"
                        + "  \"connector\" VARCHAR(190) NOT NULL,\n"
                        + "  \"job_id\" VARCHAR(190) NOT NULL,\n"
                        + "  \"event_id\" VARCHAR(700) NOT NULL,\n"
                        + "  \"payload\" TEXT NOT NULL,\n"
                        + "  \"created_at\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                        + "  PRIMARY KEY (\"id\")\n)",
                "CREATE INDEX IF NOT EXISTS " + quote(events.name() + "_connector_id") + " ON " + table(events)
                        + " (\"connector\", \"id\")");
    }

    @Override
    public List<String> swapTables(TableId target, TableId staging, TableId old, boolean targetExists) {
        // Run in one transaction: readers keep seeing the old table until it commits.
        if (!targetExists) {
            return List.of("ALTER TABLE " + table(staging) + " RENAME TO " + quote(target.name()));
        }
        return List.of("ALTER TABLE " + table(target) + " RENAME TO " + quote(old.name()),
                "ALTER TABLE " + table(staging) + " RENAME TO " + quote(target.name()),
                "DROP TABLE " + table(old));
    }

    @Override
    public String createTableLike(TableId copy, TableId source) {
        return "CREATE TABLE IF NOT EXISTS " + table(copy) + " (LIKE " + table(source) + " INCLUDING ALL)";
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }
}
