package org.pkuse.connect.jdbc.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.jdbc.JdbcSinkConfig.InsertMode;
import org.pkuse.connect.jdbc.JdbcSinkConfig.PrimaryKeyMode;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DatabaseDialects;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.writer.AppendMode;
import org.pkuse.connect.jdbc.writer.OverwriteMode;
import org.pkuse.connect.jdbc.writer.RecordMapper;
import org.pkuse.connect.jdbc.writer.WriteMode;
import org.pkuse.connect.testkit.SqlServer;

/**
 * Two tasks of one connector create, then evolve, the same table at the same moment, as they do at their first
 * flushes (one subclass per database): both go on, with the table as asked. PostgreSQL fails the slower
 * {@code CREATE TABLE IF NOT EXISTS} with a duplicate key in {@code pg_type}; both databases fail the slower
 * {@code ADD COLUMN} with "column exists". The same holds for an overwrite job's staging table.
 */
abstract class AbstractTableCatalogRaceIT {

    private static final String DB = "catalog_race";
    private static final int ROUNDS = 8;
    private static final List<ColumnSpec> CREATED = List.of(new ColumnSpec("id", Schema.INT32_SCHEMA, true),
            new ColumnSpec("name", Schema.OPTIONAL_STRING_SCHEMA, false));
    private static final List<ColumnSpec> EVOLVED = List.of(new ColumnSpec("id", Schema.INT32_SCHEMA, true),
            new ColumnSpec("name", Schema.OPTIONAL_STRING_SCHEMA, false),
            new ColumnSpec("salary", Schema.OPTIONAL_INT64_SCHEMA, false));

    private final ExecutorService tasks = Executors.newFixedThreadPool(2);
    private DatabaseDialect dialect;

    abstract SqlServer server();

    @BeforeEach
    void freshDatabase() throws SQLException {
        server().recreateDatabase(DB);
        try (Connection conn = server().connect(DB)) {
            dialect = DatabaseDialects.resolve(null, server().url(DB), ServerInfo.of(conn.getMetaData()));
        }
    }

    @AfterEach
    void stop() {
        tasks.shutdownNow();
    }

    @Test
    void twoTasksCreatingAndEvolvingTheSameTableAtOnceBothGoOn() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TableId table = TableId.parse("emp_" + round);
            List<TableDefinition> created = both(table, CREATED);
            assertThat(created).allSatisfy(def -> assertThat(def.has("name")).isTrue());
            List<TableDefinition> evolved = both(table, EVOLVED);
            assertThat(evolved).as("round %d", round).allSatisfy(def -> assertThat(def.has("salary")).isTrue());
        }
    }

    /**
     * Overwrite mode: two tasks of one job meet its first records at the same moment and both create the job's
     * staging table like the existing target ({@code CREATE TABLE IF NOT EXISTS ... LIKE}), as a flush does before
     * it writes: both go on, into the one staging table, and the target keeps its rows.
     */
    @Test
    void twoTasksOfAnOverwriteJobCreatingItsStagingTableAtOnceBothGoOn() throws Exception {
        RecordMapper mapper = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_KEY, List.of("id"), List.of(),
                InsertMode.UPSERT, false);
        for (int round = 0; round < ROUNDS; round++) {
            TableId target = TableId.parse("dept_" + round);
            TableCatalog setUp = new TableCatalog(dialect, true, true, DatabaseDialect.TypeOptions.DEFAULT);
            try (Connection conn = server().connect(DB); Statement s = conn.createStatement()) {
                setUp.ensure(conn, target, CREATED);
                s.execute("INSERT INTO " + dialect.table(target) + " VALUES (1, 'old')");
            }
            TableId staging = new OverwriteMode(dialect, setUp, mapper).tableFor(target, "J-" + round);
            List<TableDefinition> defs = both(staging, CREATED, catalog -> new OverwriteMode(dialect, catalog,
                    mapper));
            assertThat(defs).as("round %d", round).allSatisfy(def -> assertThat(def.has("name")).isTrue());
            try (Connection conn = server().connect(DB); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM " + dialect.table(staging) + "), "
                         + "(SELECT COUNT(*) FROM " + dialect.table(target) + ")")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows in the new staging table").isZero();
                assertThat(rs.getLong(2)).as("rows in the target").isEqualTo(1);
            }
        }
    }

    /** Both tasks, each with its own catalog and connection, ensure the table at the same moment. */
    private List<TableDefinition> both(TableId table, List<ColumnSpec> columns) throws Exception {
        return both(table, columns, catalog -> new AppendMode());
    }

    /**
     * Both tasks, each with its own catalog, write mode and connection, prepare and ensure the table at the same
     * moment, as a flush does before it writes.
     */
    private List<TableDefinition> both(TableId table, List<ColumnSpec> columns,
                                       Function<TableCatalog, WriteMode> modes) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<TableDefinition>> results = new ArrayList<>();
        for (int task = 0; task < 2; task++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                TableCatalog catalog = new TableCatalog(dialect, true, true, DatabaseDialect.TypeOptions.DEFAULT);
                WriteMode mode = modes.apply(catalog);
                try (Connection conn = server().connect(DB)) {
                    catalog.read(conn, table); // as a flush does: the table looked up first
                    start.await(30, TimeUnit.SECONDS);
                    mode.prepare(conn, table, columns);
                    return catalog.ensure(conn, table, columns);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, tasks));
        }
        List<TableDefinition> defs = new ArrayList<>();
        for (CompletableFuture<TableDefinition> r : results) {
            defs.add(r.get(60, TimeUnit.SECONDS));
        }
        return defs;
    }
}
