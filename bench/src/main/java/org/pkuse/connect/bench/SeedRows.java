package org.pkuse.connect.bench;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.pkuse.connect.testkit.hbase.EmployeeRows;

/**
 * The seed job's rows (config-examples/hbasesource_connector_001.json): the row key as {@code id int}, then
 * {@code name}, {@code sex} and {@code salary bigint} of the test kit's employee rows.
 */
final class SeedRows implements RowShape {

    /** The HBase columns the seed maps besides the row key. */
    static final List<String> COLUMNS = List.of("name", "sex", "salary");
    static final SeedRows SHAPE = new SeedRows();

    private SeedRows() {
    }

    @Override
    public String createTable(String table) {
        return "CREATE TABLE `" + table + "` (`id` INT NOT NULL, `name` VARCHAR(64), `sex` VARCHAR(8), "
                + "`salary` BIGINT, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    @Override
    public String insertSql(String table, boolean upsert) {
        String sql = "INSERT INTO `" + table + "` (`id`, `name`, `sex`, `salary`) VALUES (?, ?, ?, ?)";
        return upsert ? sql + " ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `sex` = VALUES(`sex`), "
                + "`salary` = VALUES(`salary`)" : sql;
    }

    @Override
    public void bind(PreparedStatement ps, long id) throws SQLException {
        ps.setInt(1, (int) id);
        ps.setString(2, EmployeeRows.text(id, "name"));
        ps.setString(3, EmployeeRows.text(id, "sex"));
        ps.setLong(4, Long.parseLong(EmployeeRows.text(id, "salary")));
    }
}
