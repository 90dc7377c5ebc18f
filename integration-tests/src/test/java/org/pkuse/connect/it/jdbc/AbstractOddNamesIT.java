package org.pkuse.connect.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.connect;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.rows;
import static org.pkuse.connect.it.jdbc.JdbcSinkTestSupport.sinkConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.ConnectorStates;
import org.pkuse.connect.testkit.Wait;

/**
 * Names a DBA would not choose: table and column names with spaces, quotes, backticks, Chinese characters, reserved
 * words, LIKE wildcards and a backslash are created, evolved, upserted and read back exactly; a dotted topic is one
 * table name; a name past the database's limit fails the task naming it. One subclass per database.
 */
abstract class AbstractOddNamesIT {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /**
     * Chinese, spaces, quotes, a backtick, a keyword, LIKE wildcards and a backslash (the LIKE escape: unescaped,
     * "c\d" matches only "cd").
     */
    static final String TABLE = "表 名 \"q\" 'a' `b` order_% c\\d";
    static final String KEY = "order";
    static final String ADDED = "新 列 'x'";
    static final List<String> COLUMNS = List.of(KEY, "select", "group", "姓名", "a b?", "say \"hi\"", "it's",
            "back`tick", "100%_done");

    protected final TargetDatabase db;
    private final List<String> connectors = new ArrayList<>();
    protected String database;
    protected String topic;

    AbstractOddNamesIT(TargetDatabase db) {
        this.db = db;
    }

    /** Where a table named without qualifier lands: the database (MariaDB) or a schema (PostgreSQL). */
    abstract String schemaOf(String database);

    /** The identifier quoted for this database, quote characters inside it doubled. */
    abstract String q(String identifier);

    /** Creates a database (MariaDB) or a schema (PostgreSQL) a table name can be qualified with. */
    abstract void createQualifier(String name) throws SQLException;

    /** A name just past this database's identifier limit, and the limit as the error must state it. */
    abstract String tooLongName();

    abstract String limit();

    @BeforeEach
    void freshDatabaseAndTopic() {
        int n = SEQ.incrementAndGet();
        database = "odd_" + db.name() + "_" + n;
        // As the HBase source names topics, <prefix><namespace>_<table>, for a table whose name has dots.
        topic = "hb_default_emp.2021." + db.name() + "." + n;
        db.recreate(database);
        connect().createTopic(topic, 1);
    }

    @AfterEach
    void deleteConnectors() {
        connectors.forEach(c -> connect().rest().deleteConnector(c));
    }

    private void run(String name, Map<String, String> config) {
        connectors.add(name);
        connect().rest().createConnector(name, config);
    }

    private Map<String, String> config(String tableNameFormat) {
        Map<String, String> c = sinkConfig(db, database, topic, "unused");
        c.put("table.name.format", tableNameFormat);
        return c;
    }

    @Test
    void dotsInTheTopicStayInTheTableNameAndDotsInTheFormatQualify() throws Exception {
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.send(topic, 0, JdbcSinkTestSupport.employee(1), null);
            p.send(topic, 0, JdbcSinkTestSupport.employee(2), null);
            p.flush();
        }
        run("odd-topic-" + topic, config("${topic}"));
        run("odd-qualified-" + topic, config(schemaOf(database) + ".copy_${topic}"));
        awaitRows(topic, 2);
        awaitRows("copy_" + topic, 2);
        assertThat(tables()).contains(topic, "copy_" + topic).noneMatch(t -> t.startsWith("2021."));
    }

    @Test
    void oddTableAndColumnNamesAreCreatedEvolvedAndUpserted() throws Exception {
        Map<String, String> c = config(schemaOf(database) + "." + TABLE);
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", KEY);
        c.put("auto.evolve", "true");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            for (int i = 1; i <= 3; i++) {
                p.send(topic, 0, oddRow(schema(false), i), null);
            }
            p.flush();
            run("odd-names-" + topic, c);
            awaitRows(TABLE, 3);
            assertThat(columnNames()).containsExactlyElementsOf(COLUMNS);
            assertThat(primaryKey()).containsExactly(KEY);

            // Into the table that now exists: a row updated, a row added, a column added.
            Schema evolved = schema(true);
            p.send(topic, 0, oddRow(evolved, 2).put("select", "S2!").put(ADDED, 20), null);
            p.send(topic, 0, oddRow(evolved, 4).put(ADDED, 40), null);
            p.flush();
        }
        awaitRows(TABLE, 4);
        Wait.until("row 2 updated", Duration.ofSeconds(30), () -> values().get(1).contains("S2!"));
        List<String> all = new ArrayList<>(COLUMNS);
        all.add(ADDED);
        assertThat(columnNames()).containsExactlyElementsOf(all);
        assertThat(primaryKey()).containsExactly(KEY);
        assertThat(values()).containsExactly(
                "1|s1|10|张三1|ab1|\"hi\" 1|it's 1|`1|1|null",
                "2|S2!|20|张三2|ab2|\"hi\" 2|it's 2|`2|2|20",
                "3|s3|30|张三3|ab3|\"hi\" 3|it's 3|`3|3|null",
                "4|s4|40|张三4|ab4|\"hi\" 4|it's 4|`4|4|40");
    }

    @Test
    void aNameLongerThanTheDatabaseAllowsFailsTheTaskNamingIt() {
        String name = "odd-long-" + topic;
        run(name, config(schemaOf(database) + "." + tooLongName()));
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.send(topic, 0, JdbcSinkTestSupport.employee(1), null);
            p.flush();
        }
        JsonNode status = ConnectorStates.await(connect().rest(), name, Duration.ofSeconds(60), "its task FAILED",
                s -> s.path("tasks").size() == 1 && ConnectorStates.allTasks(s, "FAILED"));
        assertThat(status.path("tasks").get(0).path("trace").asText()).contains("Table '" + tooLongName() + "' is ")
                .contains("at most " + limit());
    }

    @Test
    void aLookalikeTableInALookalikeQualifierIsNotTakenForTheTarget() throws Exception {
        // Metadata lookups take LIKE patterns, where '_' matches any character: "<db>_t" would match "<db>xt".
        String target = database + "_t";
        String lookalike = database + "xt";
        createQualifier(target);
        createQualifier(lookalike);
        JdbcSinkTestSupport.execute(db, database, "CREATE TABLE " + q(lookalike) + "." + q("emp")
                + " (id INT PRIMARY KEY, other INT NOT NULL)");
        Map<String, String> c = config(target + ".emp");
        c.put("insert.mode", "upsert");
        c.put("pk.mode", "record_value");
        c.put("pk.fields", "id");
        try (JdbcSinkTestSupport.Producer p = new JdbcSinkTestSupport.Producer()) {
            p.send(topic, 0, JdbcSinkTestSupport.employee(1), null);
            p.send(topic, 0, JdbcSinkTestSupport.employee(2), null);
            p.flush();
        }
        run("odd-lookalike-" + topic, c);
        awaitRows(target, "emp", 2);
        assertThat(columnNames(target, "emp")).containsExactly("id", "name", "sex", "salary");
        assertThat(columnNames(lookalike, "emp")).containsExactly("id", "other");
    }

    private static Schema schema(boolean evolved) {
        SchemaBuilder b = SchemaBuilder.struct().name("odd").field(KEY, Schema.INT32_SCHEMA)
                .field("select", Schema.OPTIONAL_STRING_SCHEMA).field("group", Schema.OPTIONAL_INT64_SCHEMA)
                .field("姓名", Schema.OPTIONAL_STRING_SCHEMA).field("a b?", Schema.OPTIONAL_STRING_SCHEMA)
                .field("say \"hi\"", Schema.OPTIONAL_STRING_SCHEMA).field("it's", Schema.OPTIONAL_STRING_SCHEMA)
                .field("back`tick", Schema.OPTIONAL_STRING_SCHEMA).field("100%_done", Schema.OPTIONAL_INT32_SCHEMA);
        if (evolved) {
            b.field(ADDED, Schema.OPTIONAL_INT32_SCHEMA);
        }
        return b.build();
    }

    private static Struct oddRow(Schema schema, int i) {
        return new Struct(schema).put(KEY, i).put("select", "s" + i).put("group", 10L * i).put("姓名", "张三" + i)
                .put("a b?", "ab" + i).put("say \"hi\"", "\"hi\" " + i).put("it's", "it's " + i)
                .put("back`tick", "`" + i).put("100%_done", i);
    }

    /** Each row's values in column order, '|'-joined; the added column as null where a row predates it. */
    private List<String> values() {
        List<String> all = new ArrayList<>(COLUMNS);
        all.add(ADDED);
        try {
            String sql = "SELECT " + all.stream().map(this::q).collect(Collectors.joining(", ")) + " FROM "
                    + q(TABLE) + " ORDER BY " + q(KEY);
            return rows(db, database, sql).stream().map(r -> r.values().stream().map(String::valueOf)
                    .collect(Collectors.joining("|"))).toList();
        } catch (SQLException e) {
            return List.of(e.toString());
        }
    }

    private void awaitRows(String table, long expected) {
        awaitRows(schemaOf(database), table, expected);
    }

    private void awaitRows(String qualifier, String table, long expected) {
        Wait.until(() -> "table " + table + " to hold " + expected + " rows (has " + count(qualifier, table) + ")",
                Duration.ofSeconds(60), () -> count(qualifier, table) == expected);
    }

    private long count(String qualifier, String table) {
        try (Connection c = db.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + q(qualifier) + "." + q(table))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Read with exact comparisons from information_schema, not through the driver's LIKE patterns. */
    private List<String> tables() throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
                schemaOf(database));
    }

    private List<String> columnNames() throws SQLException {
        return columnNames(schemaOf(database), TABLE);
    }

    private List<String> columnNames(String qualifier, String table) throws SQLException {
        return strings("SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                + "ORDER BY ordinal_position", qualifier, table);
    }

    private List<String> primaryKey() throws SQLException {
        return strings("SELECT k.column_name FROM information_schema.table_constraints t "
                + "JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name "
                + "AND k.table_schema = t.table_schema AND k.table_name = t.table_name "
                + "WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = ? AND t.table_name = ? "
                + "ORDER BY k.ordinal_position", schemaOf(database), TABLE);
    }

    private List<String> strings(String sql, String... parameters) throws SQLException {
        try (Connection c = db.connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
