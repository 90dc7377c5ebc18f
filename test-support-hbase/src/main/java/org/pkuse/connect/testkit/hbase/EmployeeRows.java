package org.pkuse.connect.testkit.hbase;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.hadoop.hbase.util.Bytes;

/**
 * Deterministic sample rows for quickstarts and benchmarks: a function of the id, so that a test can compute the
 * expected value of any cell without keeping the data set around.
 */
public final class EmployeeRows {

    public static final List<String> COLUMNS = List.of("name", "sex", "salary", "age", "dept", "rate", "hired",
            "active", "bonus");

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳"};
    private static final String[] DEPTS = {"研发部", "市场部", "财务部", "人事部", "Ops"};
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private EmployeeRows() {
    }

    public static String rowKey(long id) {
        return Long.toString(id);
    }

    /** The text form of a cell, as a shell or loader writes it. */
    public static String text(long id, String column) {
        return switch (column) {
            case "name" -> SURNAMES[(int) (id % SURNAMES.length)] + GIVEN[(int) ((id / 10) % GIVEN.length)];
            case "sex" -> id % 2 == 0 ? "女" : "男";
            case "salary" -> Long.toString(3000 + (id * 37) % 50000);
            case "age" -> Integer.toString(20 + (int) (id % 40));
            case "dept" -> DEPTS[(int) (id % DEPTS.length)];
            case "rate" -> Double.toString((id % 1000) / 8.0);
            case "hired" -> LocalDateTime.of(2015, 1, 1, 9, 0).plusMinutes(id * 7).format(DATETIME);
            case "active" -> Boolean.toString(id % 3 != 0);
            case "bonus" -> BigDecimal.valueOf(id % 100000, 2).toPlainString();
            default -> throw new IllegalArgumentException(column);
        };
    }

    static byte[] value(long id, String column, boolean binary) {
        if (!binary) {
            return text(id, column).getBytes(StandardCharsets.UTF_8);
        }
        String text = text(id, column);
        return switch (column) {
            case "salary" -> Bytes.toBytes(Long.parseLong(text));
            case "age" -> Bytes.toBytes(Integer.parseInt(text));
            case "rate" -> Bytes.toBytes(Double.parseDouble(text));
            case "active" -> Bytes.toBytes(Boolean.parseBoolean(text));
            case "bonus" -> Bytes.toBytes(new BigDecimal(text));
            default -> Bytes.toBytes(text);
        };
    }
}
