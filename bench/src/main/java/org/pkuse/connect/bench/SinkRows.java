package org.pkuse.connect.bench;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The sink benchmark's rows: ten columns of mixed types, a function of the id, the same for the records on the
 * topic and for the plain JDBC ceiling; and the one table definition every sink run writes into.
 */
final class SinkRows {

    static final Schema VALUE = SchemaBuilder.struct().name("org.pkuse.bench.Payment")
            .field("id", Schema.INT32_SCHEMA)
            .field("account", Schema.INT64_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("dept", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("rate", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("created", Timestamp.builder().optional().build())
            .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("score", Schema.OPTIONAL_INT32_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    /** These rows for {@link PlainWriter}. */
    static final RowShape SHAPE = new RowShape() {
        @Override
        public String createTable(String table) {
            return SinkRows.createTable(table);
        }

        @Override
        public String insertSql(String table, boolean upsert) {
            return SinkRows.insertSql(table, upsert);
        }

        @Override
        public void bind(PreparedStatement ps, long id) throws SQLException {
            SinkRows.bind(ps, id);
        }
    };

    static final List<String> COLUMNS = VALUE.fields().stream().map(f -> f.name()).toList();

    private static final String[] DEPTS = {"研发部", "市场部", "财务部", "Operations", "Sales"};
    private static final long CREATED_BASE = 1_600_000_000_000L;

    private SinkRows() {
    }

    static int id(long i) {
        return (int) i;
    }

    static long account(long id) {
        return 6_200_000_000L + id * 7;
    }

    static String name(long id) {
        return "客户-" + id;
    }

    static String dept(long id) {
        return DEPTS[(int) (id % DEPTS.length)];
    }

    static BigDecimal amount(long id) {
        return BigDecimal.valueOf(id % 10_000_000, 2);
    }

    static double rate(long id) {
        return (id % 1000) / 8.0;
    }

    static Date created(long id) {
        return new Date(CREATED_BASE + id * 1000);
    }

    static boolean active(long id) {
        return id % 3 != 0;
    }

    static int score(long id) {
        return (int) (id % 100);
    }

    static String note(long id) {
        return "order " + id + " settled via batch " + (id % 997);
    }

    static Struct value(long id) {
        return new Struct(VALUE)
                .put("id", id(id))
                .put("account", account(id))
                .put("name", name(id))
                .put("dept", dept(id))
                .put("amount", amount(id))
                .put("rate", rate(id))
                .put("created", created(id))
                .put("active", active(id))
                .put("score", score(id))
                .put("note", note(id));
    }

    /** The table every sink run writes into, created beforehand so that all write into the same column types. */
    static String createTable(String table) {
        return "CREATE TABLE `" + table + "` ("
                + "`id` INT NOT NULL, `account` BIGINT NOT NULL, `name` VARCHAR(64) NOT NULL, `dept` VARCHAR(32), "
                + "`amount` DECIMAL(12,2), `rate` DOUBLE, `created` DATETIME(3), `active` TINYINT(1), `score` INT, "
                + "`note` VARCHAR(255), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    static String insertSql(String table, boolean upsert) {
        String cols = COLUMNS.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
        String marks = COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "));
        String sql = "INSERT INTO `" + table + "` (" + cols + ") VALUES (" + marks + ")";
        if (upsert) {
            sql += " ON DUPLICATE KEY UPDATE " + COLUMNS.stream().filter(c -> !c.equals("id"))
                    .map(c -> "`" + c + "` = VALUES(`" + c + "`)").collect(Collectors.joining(", "));
        }
        return sql;
    }

    /** Binds row {@code id} as a plain JDBC program would. */
    static void bind(PreparedStatement ps, long id) throws SQLException {
        ps.setInt(1, id(id));
        ps.setLong(2, account(id));
        ps.setString(3, name(id));
        ps.setString(4, dept(id));
        ps.setBigDecimal(5, amount(id));
        ps.setDouble(6, rate(id));
        ps.setTimestamp(7, new java.sql.Timestamp(created(id).getTime()));
        ps.setBoolean(8, active(id));
        ps.setInt(9, score(id));
        ps.setString(10, note(id));
    }
}
