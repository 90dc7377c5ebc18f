package org.pkuse.connect.jdbc.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.DatabaseDialects;
import org.pkuse.connect.jdbc.dialect.ServerInfo;
import org.pkuse.connect.jdbc.dialect.TableId;

/** Metadata lookups keep exactly the target table, whatever its name holds; too-long names fail before any SQL. */
class TableCatalogTest {

    private static final DatabaseDialect POSTGRES = DatabaseDialects.resolve("", "jdbc:postgresql://db/x",
            ServerInfo.of("PostgreSQL", "16.2"));
    private static final DatabaseDialect MYSQL = DatabaseDialects.resolve("", "jdbc:mysql://db/x",
            ServerInfo.of("MySQL", "8.0.36"));

    private final List<String> patterns = new ArrayList<>();

    @Test
    void namesAreLikeLiteralsSoWildcardsAndTheEscapeMatchOnlyThemselves() {
        assertThat(TableCatalog.likeLiteral("a_b%c\\d", "\\")).isEqualTo("a\\_b\\%c\\\\d");
        assertThat(TableCatalog.likeLiteral(null, "\\")).isNull();
    }

    @Test
    void rowsOfLookalikeSchemasAndTablesAreNotTheTarget() throws Exception {
        Connection conn = driver(false,
                List.of(column(null, "s_1", "t_1", "id"), column(null, "sx1", "t_1", "other"),
                        column(null, "s_1", "tx1", "wrong")),
                List.of(key(null, "sx1", "t_1", "other")));
        TableDefinition def = catalog(POSTGRES).read(conn, new TableId("s_1", "t_1")).orElseThrow();
        assertThat(def.columns().keySet()).containsExactly("id");
        assertThat(def.primaryKey()).isEmpty();
        assertThat(patterns).containsExactly("getColumns null s\\_1 t\\_1");
    }

    @Test
    void aServerThatFoldsNamesListsTheTableFolded() throws Exception {
        Connection conn = driver(true, List.of(column("test03", null, "employee", "id")),
                List.of(key("test03", null, "employee", "id")));
        TableDefinition def = catalog(MYSQL).read(conn, new TableId("Test03", "Employee")).orElseThrow();
        assertThat(def.columns().keySet()).containsExactly("id");
        assertThat(def.primaryKey()).containsExactly("id");
    }

    @Test
    void aTooLongColumnNameFailsBeforeAnyLookupNamingItAndTheLimit() {
        Connection untouched = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> {
                    throw new AssertionError("no SQL expected, got " + m.getName());
                });
        String name = "列".repeat(65);
        assertThatThrownBy(() -> catalog(MYSQL).ensure(untouched, new TableId("db", "t"),
                List.of(new ColumnSpec(name, Schema.STRING_SCHEMA, false))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Table db.t")
                .hasMessageContaining("'" + name + "' is 65 characters long")
                .hasMessageContaining("at most 64 characters");
    }

    private static TableCatalog catalog(DatabaseDialect dialect) {
        return new TableCatalog(dialect, true, true, DatabaseDialect.TypeOptions.DEFAULT);
    }

    private static Map<String, Object> column(String cat, String schem, String table, String column) {
        Map<String, Object> row = key(cat, schem, table, column);
        row.putAll(Map.of("DATA_TYPE", java.sql.Types.INTEGER, "TYPE_NAME", "INT", "NULLABLE",
                DatabaseMetaData.columnNullable));
        return row;
    }

    private static Map<String, Object> key(String cat, String schem, String table, String column) {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("TABLE_CAT", cat);
        row.put("TABLE_SCHEM", schem);
        row.put("TABLE_NAME", table);
        row.put("COLUMN_NAME", column);
        row.put("KEY_SEQ", (short) 1);
        return row;
    }

    /** What a driver answers: its metadata rows as given, filtering nothing (as loose patterns would). */
    private Connection driver(boolean folds, List<Map<String, Object>> columns, List<Map<String, Object>> keys) {
        DatabaseMetaData meta = proxy(DatabaseMetaData.class, (m, a) -> switch (m) {
            case "storesLowerCaseQuotedIdentifiers" -> folds;
            case "getSearchStringEscape" -> "\\";
            case "getColumns" -> {
                patterns.add("getColumns " + a[0] + " " + a[1] + " " + a[2]);
                yield rows(columns);
            }
            case "getPrimaryKeys" -> rows(keys);
            default -> throw new AssertionError("unexpected DatabaseMetaData." + m);
        });
        return proxy(Connection.class, (m, a) -> switch (m) {
            case "getMetaData" -> meta;
            case "getCatalog" -> "db";
            case "getSchema" -> "public";
            default -> throw new AssertionError("unexpected Connection." + m);
        });
    }

    private static ResultSet rows(List<Map<String, Object>> rows) {
        Iterator<Map<String, Object>> it = rows.iterator();
        Object[] current = new Object[1];
        return proxy(ResultSet.class, (m, a) -> switch (m) {
            case "next" -> {
                current[0] = it.hasNext() ? it.next() : null;
                yield current[0] != null;
            }
            case "getString", "getInt", "getShort" -> ((Map<?, ?>) current[0]).get(a[0]);
            case "close" -> null;
            default -> throw new AssertionError("unexpected ResultSet." + m);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(TableCatalogTest.class.getClassLoader(), new Class<?>[] {type},
                (p, m, a) -> answer.answer(m.getName(), a));
    }
}
