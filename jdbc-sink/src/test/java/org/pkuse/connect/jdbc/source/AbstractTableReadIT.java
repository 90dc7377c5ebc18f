package org.pkuse.connect.jdbc.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.source.RowItem;
import org.pkuse.connect.common.source.RowStream;
import org.pkuse.connect.common.source.RunReading;
import org.pkuse.connect.common.source.SourceRow;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.testkit.SqlServer;

/**
 * {@link JdbcRunSource} and {@link TableRead} against a real database (one subclass per database): a table's
 * columns typed from its metadata with their exact values, a run's count and rows in one snapshot while another
 * session inserts, incremental bounds, resuming after a key, and a missing table or column named.
 */
abstract class AbstractTableReadIT {

    static final String DB = "srcread";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private HikariDataSource pool;
    private JdbcRunSource source;

    /** The database server, started for the class. */
    abstract SqlServer server();

    private void recreateDatabase() {
        server().recreateDatabase(DB);
    }

    private Connection connect() throws SQLException {
        return server().connect(DB);
    }

    private String url() {
        return server().url(DB);
    }

    /** CREATE TABLE people (id, name, amount DECIMAL(12,3), born DATE, seen DATETIME/TIMESTAMP, flag, data). */
    abstract String createPeople();

    /**
     * CREATE TABLE kinds (id BIGINT PRIMARY KEY, tiny: a small integer, big_u: BIGINT UNSIGNED or NUMERIC(20,0),
     * f: FLOAT/REAL, d: DOUBLE, tm: TIME, j: JSON, b: VARBINARY/BYTEA, txt: TEXT) and its one row (1, 7,
     * 18446744073709551615, 1.5, 2.25, '10:20:30', '{"a": 1}', 0x0102FF, '中文文本').
     */
    abstract List<String> createKinds();

    @BeforeEach
    void createTable() throws SQLException {
        recreateDatabase();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(createPeople());
            for (int i = 1; i <= 5; i++) {
                s.execute("INSERT INTO people (id, name, amount, born, seen, flag, data) VALUES (" + i + ", '张三-" + i
                        + "', " + i + "0.125, '2021-06-1" + i + "', '2021-06-17 10:3" + i + ":00', " + (i % 2 == 0)
                        + ", NULL)");
            }
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername(server().user());
        config.setPassword(server().password());
        config.setMaximumPoolSize(3);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        } else if (pool != null) {
            pool.close();
        }
    }

    private JdbcRunSource source(String incrementField) throws SQLException {
        source = JdbcRunSource.open(pool, "", url(), TableId.parse("people"), List.of(), incrementField,
                new ReadSettings(2, SHANGHAI, false, Duration.ofSeconds(30)));
        return source;
    }

    private static List<Struct> readAll(RowStream rows, List<SourceRow> raw) throws InterruptedException {
        List<Struct> out = new ArrayList<>();
        while (!rows.done()) {
            for (RowItem item : rows.next(3, 100)) {
                assertThat(item).isInstanceOf(RowItem.Row.class);
                raw.add(((RowItem.Row) item).row());
                out.add(((RowItem.Row) item).row().value());
            }
        }
        rows.close();
        return out;
    }

    @Test
    void aFullRunReadsEveryRowInKeyOrderWithTypedExactValues() throws Exception {
        RunReading run = source("").plan("", System.currentTimeMillis(), null, null);
        assertThat(run.count()).isEqualTo(5);
        List<SourceRow> raw = new ArrayList<>();
        List<Struct> rows = readAll(run.open(), raw);

        assertThat(rows).extracting(r -> ((Number) r.get("id")).longValue()).containsExactly(1L, 2L, 3L, 4L, 5L);
        Struct third = rows.get(2);
        Schema schema = third.schema();
        assertThat(schema.field("amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(third.get("amount")).isEqualTo(new BigDecimal("30.125"));
        assertThat(third.get("name")).isEqualTo("张三-3");
        assertThat(schema.field("born").schema().name()).isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
        assertThat(((Date) third.get("born")).getTime())
                .isEqualTo(LocalDate.of(2021, 6, 13).toEpochDay() * 86_400_000L);
        assertThat(schema.field("seen").schema().name())
                .isEqualTo(org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME);
        // stored without a zone, read in db.timezone (Asia/Shanghai, UTC+8)
        assertThat(((Date) third.get("seen")).toInstant()).isEqualTo(Instant.parse("2021-06-17T02:33:00Z"));
        assertThat(third.get("flag")).isEqualTo(false);
        assertThat(rows.get(1).get("flag")).isEqualTo(true);
        assertThat(third.get("data")).isNull();
        assertThat(((Struct) raw.get(2).key()).schema().fields()).extracting(f -> f.name()).containsExactly("id");
        assertThat(KeyPosition.decode(raw.get(2).position(), 1)).containsExactly("3");
    }

    @Test
    void everyKindOfColumnArrivesWithItsExactValue() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : createKinds()) {
                s.execute(sql);
            }
        }
        source = JdbcRunSource.open(pool, "", url(), TableId.parse("kinds"), List.of(), "",
                new ReadSettings(10, SHANGHAI, false, Duration.ofSeconds(30)));
        RunReading run = source.plan("", System.currentTimeMillis(), null, null);
        assertThat(run.count()).isEqualTo(1);
        Struct row = readAll(run.open(), new ArrayList<>()).get(0);
        assertThat(((Number) row.get("tiny")).intValue()).isEqualTo(7);
        assertThat(row.schema().field("big_u").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(row.get("big_u")).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(row.schema().field("f").schema().type()).isEqualTo(Schema.Type.FLOAT32);
        assertThat(row.get("f")).isEqualTo(1.5f);
        assertThat(row.get("d")).isEqualTo(2.25d);
        assertThat(row.schema().field("tm").schema().name()).isEqualTo(org.apache.kafka.connect.data.Time.LOGICAL_NAME);
        assertThat(((Date) row.get("tm")).getTime()).isEqualTo((10 * 3600 + 20 * 60 + 30) * 1000L);
        assertThat((String) row.get("j")).contains("\"a\"").contains("1");
        assertThat((byte[]) row.get("b")).containsExactly(1, 2, -1);
        assertThat(row.get("txt")).isEqualTo("中文文本");
    }

    /** Runs {@code sql} (a table {@code name} and its one row), then reads that row through a full run. */
    Struct onlyRow(String name, String... sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
        source = JdbcRunSource.open(pool, "", url(), TableId.parse(name), List.of(), "",
                new ReadSettings(10, SHANGHAI, false, Duration.ofSeconds(30)));
        RunReading run = source.plan("", System.currentTimeMillis(), null, null);
        assertThat(run.count()).isEqualTo(1);
        return readAll(run.open(), new ArrayList<>()).get(0);
    }

    private RunReading mapped(String json) throws SQLException {
        source = JdbcRunSource.open(pool, "", url(), TableId.parse("people"), List.of(), "",
                FieldMappings.parse(json, SqlLiterals.parser(SHANGHAI), SqlLiterals.COLUMNS),
                new ReadSettings(10, SHANGHAI, false, Duration.ofSeconds(30)));
        return source.plan("", System.currentTimeMillis(), null, null);
    }

    /**
     * The platform's mapping: the mapped fields only, under their target names and types (a datetime as the text
     * a person reads in db.timezone, a boolean as an int), the maprule applied, the ispk fields as the key, and the
     * limitcondition applied by the database to the count and the rows alike.
     */
    @Test
    void aMappingRenamesRetypesFiltersAndMasksAndTheCountAgrees() throws Exception {
        RunReading run = mapped("[{\"sourceFiled\":\"id\",\"targetFiled\":\"pid\",\"fieldType\":\"bigint\","
                + "\"ispk\":\"1\"},{\"sourceFiled\":\"name\",\"targetFiled\":\"who\",\"fieldType\":\"string\","
                + "\"maprule\":\"mask(1,0)\"},{\"sourceFiled\":\"amount\",\"targetFiled\":\"amount\","
                + "\"fieldType\":\"decimal(12,3)\"},{\"sourceFiled\":\"seen\",\"targetFiled\":\"seen_text\","
                + "\"fieldType\":\"string\"},{\"sourceFiled\":\"born\",\"targetFiled\":\"born\","
                + "\"fieldType\":\"date\",\"limitcondition\":\">= '2021-06-12'\"},{\"sourceFiled\":\"flag\","
                + "\"targetFiled\":\"flag\",\"fieldType\":\"int\",\"maprule\":\"\"}]");
        assertThat(run.count()).isEqualTo(4);
        List<SourceRow> raw = new ArrayList<>();
        List<Struct> rows = readAll(run.open(), raw);
        assertThat(rows).extracting(r -> r.get("pid")).containsExactly(2L, 3L, 4L, 5L);
        Struct third = rows.get(1);
        assertThat(third.schema().fields()).extracting(f -> f.name())
                .containsExactly("pid", "who", "amount", "seen_text", "born", "flag");
        assertThat(third.get("who")).isEqualTo("张***");
        assertThat(third.get("amount")).isEqualTo(new BigDecimal("30.125"));
        assertThat(third.get("seen_text")).isEqualTo("2021-06-17 10:33:00");
        assertThat(third.get("flag")).isEqualTo(0);
        assertThat(rows.get(0).get("flag")).isEqualTo(1);
        assertThat(((Struct) raw.get(1).key()).schema().fields()).extracting(f -> f.name()).containsExactly("pid");
        assertThat(((Struct) raw.get(1).key()).get("pid")).isEqualTo(3L);
    }

    @Test
    void aValueItsFieldTypeCannotHoldIsABadRowAndAConditionOnAnotherKindIsRefused() throws Exception {
        RunReading run = mapped("[{\"sourceFiled\":\"amount\",\"targetFiled\":\"a\",\"fieldType\":\"int\"}]");
        assertThat(run.count()).isEqualTo(5);
        RowStream rows = run.open();
        List<RowItem> items = new ArrayList<>();
        while (!rows.done()) {
            items.addAll(rows.next(10, 100));
        }
        rows.close();
        assertThat(items).hasSize(5).allSatisfy(i -> assertThat(i).isInstanceOf(RowItem.Bad.class));
        assertThat(((RowItem.Bad) items.get(0)).error()).hasMessage("Field a (column amount) cannot be read as int "
                + "(column type decimal)");
        source.close();
        source = null;
        pool = newPool();
        assertThatThrownBy(() -> mapped("[{\"sourceFiled\":\"born\",\"targetFiled\":\"b\",\"fieldType\":"
                + "\"string\",\"limitcondition\":\"= '2021-06-12'\"}]"))
                .hasMessageContaining("pkuse.jdbc.filed.mapping [0] (b)").hasMessageContaining("of the column's kind");
        pool = newPool();
        assertThatThrownBy(() -> mapped("[{\"sourceFiled\":\"nope\",\"targetFiled\":\"b\",\"fieldType\":"
                + "\"string\"}]")).hasMessageContaining("the table has no column 'nope'");
    }

    /** A custom SELECT read as a table: its rows in key order, counted in the snapshot, incremental above a bound. */
    @Test
    void aQueryIsReadAsItsRowsInKeyOrder() throws Exception {
        String query = "SELECT id, name, amount FROM people WHERE amount > 20";
        source = JdbcRunSource.open(pool, "", url(), null, query, List.of("id"), "id", null,
                new ReadSettings(2, SHANGHAI, false, Duration.ofSeconds(30)));
        RunReading all = source.plan("", System.currentTimeMillis(), null, null);
        assertThat(all.count()).isEqualTo(4);
        List<Struct> rows = readAll(all.open(), new ArrayList<>());
        assertThat(rows).extracting(r -> ((Number) r.get("id")).longValue()).containsExactly(2L, 3L, 4L, 5L);
        assertThat(rows.get(0).schema().fields()).extracting(f -> f.name()).containsExactly("id", "name", "amount");
        assertThat(rows.get(0).schema().name()).isEqualTo("org.pkuse.connect.jdbc.query");
        RunReading above3 = source.plan("3", System.currentTimeMillis(), null, null);
        assertThat(above3.count()).isEqualTo(2);
        assertThat(readAll(above3.open(), new ArrayList<>())).extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactly(4L, 5L);
        source.close();
        source = null;
        pool = newPool();
        assertThatThrownBy(() -> JdbcRunSource.open(pool, "", url(), null, "SELECT nope FROM people", List.of("id"),
                "", null, new ReadSettings(2, SHANGHAI, false, Duration.ofSeconds(30))))
                .hasMessageStartingWith("The query cannot be read");
    }

    /**
     * Read in 4 key ranges at once (PostgreSQL: every reader imports the run's snapshot; MariaDB: every reader begins
     * under a table read lock): the rows come in key order, exactly those of the run's snapshot although another
     * session inserts and deletes meanwhile, and a resumed read goes on after its key.
     */
    @Test
    void aRunReadInParallelKeyRangesKeepsKeyOrderAndItsSnapshot() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wide (id INT PRIMARY KEY, v VARCHAR(20))");
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 2000; i++) {
                values.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'v").append(i).append("')");
            }
            s.execute("INSERT INTO wide VALUES " + values);
        }
        pool.close();
        pool = pool(url(), 6);
        source = JdbcRunSource.open(pool, "", url(), TableId.parse("wide"), List.of(), "",
                new ReadSettings(50, SHANGHAI, false, Duration.ofSeconds(30), Duration.ZERO, 4));
        RunReading run = source.plan("", System.currentTimeMillis(), null, null);
        assertThat(run.count()).isEqualTo(2000);
        RowStream rows = run.open();
        assertThat(((RangedStream) rows).streamCount()).isEqualTo(4);
        List<Long> ids = new ArrayList<>();
        boolean changed = false;
        while (!rows.done()) {
            for (RowItem item : rows.next(100, 100)) {
                assertThat(item).isInstanceOf(RowItem.Row.class);
                ids.add(((Number) ((Struct) ((RowItem.Row) item).row().value()).get("id")).longValue());
            }
            if (!changed && !ids.isEmpty()) {
                try (Connection other = connect(); Statement s = other.createStatement()) {
                    s.execute("INSERT INTO wide VALUES (2001, 'late')");
                    s.execute("DELETE FROM wide WHERE id IN (700, 1500)");
                }
                changed = true;
            }
        }
        rows.close();
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 2000; i++) {
            expected.add(i);
        }
        assertThat(ids).isEqualTo(expected);

        RunReading resumed = source.plan("", 0, null, KeyPosition.encode(List.of("1200")));
        List<Struct> rest = readAll(resumed.open(), new ArrayList<>());
        assertThat(rest).hasSize(800); // 1201..2001 without 1500, in a new snapshot
        assertThat(rest.get(0).get("id")).isEqualTo(1201);
        assertThat(rest.get(rest.size() - 1).get("id")).isEqualTo(2001);
    }

    /**
     * The ranges' readers begin while another session inserts all the time (one row per statement): had they begun
     * in different snapshots, the later ones would hold rows the count did not see. Five runs, each exactly its count,
     * in strictly increasing key order.
     */
    @Test
    void rangesBegunWhileAnotherSessionKeepsInsertingReadExactlyTheCountedRows() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE busy (id INT PRIMARY KEY, v VARCHAR(20))");
            StringBuilder values = new StringBuilder();
            for (int i = 2; i <= 4000; i += 2) {
                values.append(i == 2 ? "" : ", ").append("(").append(i).append(", 'v')");
            }
            s.execute("INSERT INTO busy VALUES " + values);
        }
        pool.close();
        pool = pool(url(), 6);
        source = JdbcRunSource.open(pool, "", url(), TableId.parse("busy"), List.of(), "",
                new ReadSettings(50, SHANGHAI, false, Duration.ofSeconds(30), Duration.ZERO, 4));
        java.util.concurrent.atomic.AtomicInteger inserted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Connection other = connect(); Statement s = other.createStatement()) {
                // the odd keys between the others, then keys past the greatest, until stopped
                for (int i = 1; !stop.get(); i = i < 3999 ? i + 2 : i == 3999 ? 4001 : i + 1) {
                    s.execute("INSERT INTO busy VALUES (" + i + ", 'w')");
                    inserted.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        try {
            for (int run = 0; run < 5; run++) {
                int before = inserted.get();
                while (inserted.get() < before + 20 && !writer.isDone()) {
                    Thread.sleep(5);
                }
                RunReading reading = source.plan("", System.currentTimeMillis(), null, null);
                long count = reading.count();
                RowStream rows = reading.open();
                assertThat(((RangedStream) rows).streamCount()).isEqualTo(4);
                List<Long> ids = new ArrayList<>();
                while (!rows.done()) {
                    for (RowItem item : rows.next(500, 100)) {
                        ids.add(((Number) ((Struct) ((RowItem.Row) item).row().value()).get("id")).longValue());
                    }
                }
                rows.close();
                assertThat(ids).hasSize((int) count).isSorted().doesNotHaveDuplicates();
            }
            assertThat(writer.isDone()).as("the writer kept inserting through the runs").isFalse();
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    @Test
    void theCountAndTheRowsSeeTheRunsSnapshotWhileAnotherSessionInserts() throws Exception {
        RunReading run = source("").plan("", System.currentTimeMillis(), null, null);
        long count = run.count();
        try (Connection other = connect(); Statement s = other.createStatement()) {
            s.execute("INSERT INTO people (id, name, amount, born, seen, flag) VALUES (6, 'late', 1, '2021-01-01', "
                    + "'2021-01-01 00:00:00', true)");
            s.execute("DELETE FROM people WHERE id = 1");
        }
        List<Struct> rows = readAll(run.open(), new ArrayList<>());
        assertThat(count).isEqualTo(5);
        assertThat(rows).extracting(r -> ((Number) r.get("id")).longValue()).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void anIncrementalRunReadsAboveItsLowerBoundUpToTheGreatestValueAtItsStart() throws Exception {
        RunReading run = source("id").plan("2", System.currentTimeMillis(), null, null);
        assertThat(run.count()).isEqualTo(3);
        assertThat(run.bound()).isEqualTo("5");
        try (Connection other = connect(); Statement s = other.createStatement()) {
            s.execute("INSERT INTO people (id, name, amount, born, seen, flag) VALUES (7, 'next run', 1, "
                    + "'2021-01-01', '2021-01-01 00:00:00', true)");
        }
        List<SourceRow> raw = new ArrayList<>();
        assertThat(readAll(run.open(), raw)).extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactly(3L, 4L, 5L);
        assertThat(run.increments().format(raw.get(2).incrementValue())).isEqualTo("5");

        // Resumed after row 4 with the stored bound: row 7 (added since) is not this run's.
        RunReading resumed = source.plan("2", 0, "5", KeyPosition.encode(List.of("4")));
        assertThat(readAll(resumed.open(), new ArrayList<>())).extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactly(5L);
        // The next run starts above 5.
        RunReading next = source.plan("5", System.currentTimeMillis(), null, null);
        assertThat(next.count()).isEqualTo(1);
        assertThat(readAll(next.open(), new ArrayList<>())).extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactly(7L);
    }

    /**
     * On a timestamp column the bound is the server's clock minus the delay: a row stamped just now is the next
     * run's, one stamped in the future is not read yet, and the watermark keeps the column's full precision, so the
     * next run does not read the last row again.
     */
    @Test
    void aTimestampRunReadsUpToTheServersClockMinusTheDelay() throws Exception {
        java.time.format.DateTimeFormatter wall = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm:ss").withZone(SHANGHAI);
        Instant now = Instant.now();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE people SET seen = '2021-06-20 00:00:00.123456' WHERE id = 2");
            s.execute("INSERT INTO people (id, name, amount, born, seen, flag) VALUES (6, 'just now', 1, "
                    + "'2021-01-01', '" + wall.format(now.minusSeconds(5)) + "', true)");
            s.execute("INSERT INTO people (id, name, amount, born, seen, flag) VALUES (7, 'future', 1, "
                    + "'2021-01-01', '" + wall.format(now.plusSeconds(3600)) + "', true)");
        }
        source = JdbcRunSource.open(pool, "", url(), TableId.parse("people"), List.of(), "seen",
                new ReadSettings(10, SHANGHAI, true, Duration.ofSeconds(30), Duration.ofSeconds(60)));
        RunReading run = source.plan("", System.currentTimeMillis(), null, null);
        assertThat(run.count()).isEqualTo(5);
        assertThat(Instant.parse(run.bound())).isBetween(now.minusSeconds(70), now.minusSeconds(50));
        List<SourceRow> raw = new ArrayList<>();
        assertThat(readAll(run.open(), raw)).extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        Object newest = raw.stream().map(SourceRow::incrementValue).max(run.increments()::compare).orElseThrow();
        String next = run.increments().format(newest);
        assertThat(next).startsWith("2021-06-19T16:00:00"); // 2021-06-20 00:00 in Shanghai, with its fraction

        RunReading second = source.plan(next, System.currentTimeMillis(), null, null);
        assertThat(second.count()).as("nothing newer than row 2, and rows 6 and 7 are not due").isZero();
        second.release();
    }

    /** "timestamp then id": rows sharing a timestamp are ordered by the id, and a run starts after (t, id) exactly. */
    @Test
    void aTimestampThenIdRunStartsAfterTheExactRowOfItsLowerBound() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE people SET seen = '2021-06-20 00:00:00' WHERE id BETWEEN 2 AND 4");
        }
        source = JdbcRunSource.open(pool, "", url(), TableId.parse("people"), List.of(), "seen, id",
                new ReadSettings(10, SHANGHAI, true, Duration.ofSeconds(30), Duration.ofSeconds(60)));
        RunReading run = source.plan("", System.currentTimeMillis(), null, null);
        assertThat(run.count()).isEqualTo(5);
        List<SourceRow> raw = new ArrayList<>();
        readAll(run.open(), raw);
        Object newest = raw.stream().map(SourceRow::incrementValue).max(run.increments()::compare).orElseThrow();
        assertThat(run.increments().format(newest)).isEqualTo("2021-06-19T16:00:00Z,4");

        RunReading fromRow3 = source.plan("2021-06-19T16:00:00Z,3", System.currentTimeMillis(), null, null);
        assertThat(fromRow3.count()).isEqualTo(1);
        assertThat(readAll(fromRow3.open(), new ArrayList<>())).extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactly(4L);
        RunReading next = source.plan("2021-06-19T16:00:00Z,4", System.currentTimeMillis(), null, null);
        assertThat(next.count()).isZero();
        next.release();
        assertThatThrownBy(() -> source.plan("2021-06-19T16:00:00Z", 0, null, null))
                .hasMessageContaining("is not '<seen>,<id>'");
    }

    @Test
    void aRowWrittenBeforeTheRunStartedAndCommittedAfterItIsReadByThatRun() throws Exception {
        try (Connection held = connect(); Connection other = connect(); Statement s = other.createStatement()) {
            held.setAutoCommit(false);
            try (Statement h = held.createStatement()) {
                h.execute("INSERT INTO people (id, name, amount, born, seen, flag) VALUES (6, 'late', 1, "
                        + "'2021-01-01', '2021-01-01 00:00:00', true)");
            }
            s.execute("INSERT INTO people (id, name, amount, born, seen, flag) VALUES (7, 'on time', 1, "
                    + "'2021-01-01', '2021-01-01 00:00:00', true)");
            RunReading run = source("id").plan("5", System.currentTimeMillis(), null, null);
            CompletableFuture<Long> count = CompletableFuture.supplyAsync(() -> {
                try {
                    return run.count();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            Thread.sleep(1500);
            assertThat(count).as("the run waits for the transaction that wrote row 6").isNotDone();
            held.commit();
            assertThat(count.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(run.bound()).isEqualTo("7");
            assertThat(readAll(run.open(), new ArrayList<>())).extracting(r -> ((Number) r.get("id")).longValue())
                    .containsExactly(6L, 7L);
        }
    }

    @Test
    void aWriterThatStaysOpenLongerThanTheWaitFailsTheRunStartVisibly() throws Exception {
        try (Connection held = connect(); Statement h = held.createStatement()) {
            held.setAutoCommit(false);
            h.execute("INSERT INTO people (id, name, amount, born, seen, flag) VALUES (6, 'late', 1, '2021-01-01', "
                    + "'2021-01-01 00:00:00', true)");
            source = JdbcRunSource.open(pool, "", url(), TableId.parse("people"), List.of(), "id",
                    new ReadSettings(10, SHANGHAI, false, Duration.ofMillis(700)));
            RunReading run = source.plan("", System.currentTimeMillis(), null, null);
            assertThatThrownBy(run::count).hasMessageContaining("1 transaction(s) that wrote before the run")
                    .hasMessageContaining("still open after 700 ms (pkuse.jdbc.inflight.wait.ms)");
            held.rollback();
        }
    }

    @Test
    void anIncrementalRunOnAnEmptyTableReadsNothing() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM people");
        }
        RunReading run = source("id").plan("", System.currentTimeMillis(), null, null);
        assertThat(run.count()).isZero();
        assertThat(run.bound()).isEmpty();
        assertThat(readAll(run.open(), new ArrayList<>())).isEmpty();
    }

    @Test
    void aMissingTableOrColumnIsNamed() {
        assertThatThrownBy(() -> JdbcRunSource.open(pool, "", url(), TableId.parse("nobody"), List.of(), "",
                new ReadSettings(10, SHANGHAI, false, Duration.ofSeconds(30))))
                .hasMessageContaining("Table").hasMessageContaining("nobody").hasMessageContaining("does not exist");
        pool = newPool(); // a source that cannot open closes its pool
        assertThatThrownBy(() -> JdbcRunSource.open(pool, "", url(), TableId.parse("people"), List.of(), "right_id",
                new ReadSettings(10, SHANGHAI, false, Duration.ofSeconds(30))))
                .hasMessageContaining("has no increment column 'right_id'");
    }

    private HikariDataSource newPool() {
        return pool(url());
    }

    /** A pool on {@code url} as the test database's user. */
    HikariDataSource pool(String url) {
        return pool(url, 10);
    }

    HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(size);
        config.setJdbcUrl(url);
        config.setUsername(server().user());
        config.setPassword(server().password());
        return new HikariDataSource(config);
    }
}
