package org.pkuse.connect.bench;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The JDBC source benchmark's order table: eight columns of mixed types (Chinese text among them), each value a
 * function of {@code right_id}, so that the loader, the plain SELECT and the generating source agree without
 * storing anything; and the record schemas our JDBC source derives from the table's metadata, so that the
 * generating source sends records of the same shape.
 */
final class OrderRows {

    static final List<String> COLUMNS = List.of("right_id", "order_no", "amount", "created", "note", "paid", "qty",
            "rate");

    private static final LocalDateTime CREATED_BASE = LocalDateTime.of(2021, 1, 1, 0, 0);
    private static final String[] NOTES = {"客户要求尽快发货", "已电话确认收货地址", "发票抬头：北京某某科技有限公司",
        "Gift wrap, no invoice", "周末配送，请提前联系"};

    private OrderRows() {
    }

    /** The table, in the bench's database; utf8mb4 for the Chinese notes. */
    static String createTable(String table) {
        return "CREATE TABLE `" + table + "` (`right_id` BIGINT NOT NULL, `order_no` VARCHAR(32), "
                + "`amount` DECIMAL(12,2), `created` DATETIME, `note` VARCHAR(100) CHARACTER SET utf8mb4, "
                + "`paid` BOOLEAN, `qty` INT, `rate` DOUBLE, PRIMARY KEY (`right_id`)) ENGINE=InnoDB "
                + "DEFAULT CHARSET=utf8mb4";
    }

    static String insertSql(String table) {
        return "INSERT INTO `" + table + "` (" + COLUMNS.stream().map(c -> "`" + c + "`")
                .collect(Collectors.joining(", ")) + ") VALUES (" + COLUMNS.stream().map(c -> "?")
                .collect(Collectors.joining(", ")) + ")";
    }

    static String orderNo(long id) {
        return "NO" + (20_210_000_000L + id);
    }

    static BigDecimal amount(long id) {
        return BigDecimal.valueOf(id % 10_000_000, 2);
    }

    /** DATETIME without a zone: our source reads it in its {@code db.timezone}, UTC by default. */
    static LocalDateTime created(long id) {
        return CREATED_BASE.plusSeconds(id * 7);
    }

    static String note(long id) {
        return NOTES[(int) (id % NOTES.length)] + " #" + id;
    }

    static boolean paid(long id) {
        return id % 3 != 0;
    }

    static int qty(long id) {
        return (int) (id % 100) + 1;
    }

    static double rate(long id) {
        return (id % 1000) / 8.0;
    }

    /** Binds row {@code id} for {@link #insertSql}. */
    static void bind(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, orderNo(id));
        ps.setBigDecimal(3, amount(id));
        ps.setObject(4, created(id)); // a LocalDateTime goes as it is, with no time zone shift
        ps.setString(5, note(id));
        ps.setBoolean(6, paid(id));
        ps.setInt(7, qty(id));
        ps.setDouble(8, rate(id));
    }

    // ---- the records our JDBC source sends for this table ----

    /** Our source's schema name: {@code org.pkuse.connect.jdbc.<database>_<table>}. */
    private static String schemaName(String table) {
        return ("org.pkuse.connect.jdbc." + Bench.DATABASE + "_" + table).replaceAll("[^A-Za-z0-9_.]", "_");
    }

    /** The key: the primary key's column, required as the column is NOT NULL. */
    static Schema keySchema(String table) {
        return SchemaBuilder.struct().name(schemaName(table) + ".Key").field("right_id", Schema.INT64_SCHEMA)
                .build();
    }

    /** The value: every column, optional where the column is nullable; DECIMAL with its precision. */
    static Schema valueSchema(String table) {
        return SchemaBuilder.struct().name(schemaName(table))
                .field("right_id", Schema.INT64_SCHEMA)
                .field("order_no", Schema.OPTIONAL_STRING_SCHEMA)
                .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
                .field("created", Timestamp.builder().optional().build())
                .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .field("paid", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                .field("qty", Schema.OPTIONAL_INT32_SCHEMA)
                .field("rate", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .build();
    }

    static Struct key(Schema schema, long id) {
        return new Struct(schema).put("right_id", id);
    }

    static Struct value(Schema schema, long id) {
        return new Struct(schema)
                .put("right_id", id)
                .put("order_no", orderNo(id))
                .put("amount", amount(id))
                .put("created", Date.from(created(id).toInstant(ZoneOffset.UTC)))
                .put("note", note(id))
                .put("paid", paid(id))
                .put("qty", qty(id))
                .put("rate", rate(id));
    }
}
