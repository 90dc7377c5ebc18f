package org.pkuse.connect.jdbc.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.connect.errors.ConnectException;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.DatabaseDialect;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows the target tables: reads their metadata once, creates missing tables ({@code auto.create}) and adds missing
 * columns as nullable ({@code auto.evolve}). DDL runs outside the data transaction (MySQL commits implicitly on DDL).
 */
public final class TableCatalog {

    private static final Logger log = LoggerFactory.getLogger(TableCatalog.class);

    private final DatabaseDialect dialect;
    private final boolean autoCreate;
    private final boolean autoEvolve;
    private final DatabaseDialect.TypeOptions typeOptions;
    private final Map<TableId, TableDefinition> known = new HashMap<>();

    public TableCatalog(DatabaseDialect dialect, boolean autoCreate, boolean autoEvolve,
                        DatabaseDialect.TypeOptions typeOptions) {
        this.dialect = dialect;
        this.autoCreate = autoCreate;
        this.autoEvolve = autoEvolve;
        this.typeOptions = typeOptions;
    }

    public Optional<TableDefinition> cached(TableId id) {
        return Optional.ofNullable(known.get(id));
    }

    public void forget(TableId id) {
        known.remove(id);
    }

    /**
     * Makes sure {@code table} exists with every column in {@code columns}.
     *
     * @return the table's definition after any DDL
     */
    public TableDefinition ensure(Connection conn, TableId table, List<ColumnSpec> columns) throws SQLException {
        TableDefinition def = known.get(table);
        if (def == null || !covers(def, columns)) {
            checkNames(table, columns);
            def = read(conn, table).orElse(null);
        }
        if (def == null) {
            if (!autoCreate) {
                throw new ConnectException("Table " + table + " does not exist and auto.create is false");
            }
            for (ColumnSpec c : columns) {
                if (c.schema() == null) {
                    throw new ConnectException("Table " + table + " does not exist and the records have no schema "
                            + "to create it from (schemaless values need an existing table)");
                }
            }
            String ddl = dialect.createTable(table, columns, typeOptions);
            log.info("Creating table {}: {}", table, ddl);
            def = executeRacing(conn, table, List.of(ddl), columns).orElseThrow(() -> new ConnectException("Table "
                    + table + " was created but cannot be seen in the database metadata"));
        }
        List<ColumnSpec> missing = new ArrayList<>();
        for (ColumnSpec c : columns) {
            if (!def.has(c.name())) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().map(ColumnSpec::name).toList();
            if (!autoEvolve) {
                throw new ConnectException("Table " + table + " has no column(s) " + names
                        + " and auto.evolve is false");
            }
            for (ColumnSpec c : missing) {
                if (c.schema() == null) {
                    throw new ConnectException("Table " + table + " has no column '" + c.name()
                            + "' and a schemaless record cannot tell its type");
                }
                if (c.key()) {
                    throw new ConnectException("Table " + table + " has no key column '" + c.name()
                            + "'; auto.evolve adds only nullable non-key columns");
                }
            }
            List<String> ddl = dialect.addColumns(table, missing, typeOptions);
            log.info("Evolving table {}: {}", table, ddl);
            def = executeRacing(conn, table, ddl, columns).orElseThrow();
        }
        known.put(table, def);
        return def;
    }

    /** Before any lookup: a name the database would refuse or cut is an error that says so. */
    private void checkNames(TableId table, List<ColumnSpec> columns) {
        dialect.table(table); // checks the qualifier and the table name
        try {
            for (ColumnSpec c : columns) {
                dialect.checkIdentifier("Column", c.name());
            }
        } catch (ConnectException e) {
            throw new ConnectException("Table " + table + ": " + e.getMessage(), e);
        }
    }

    private static boolean covers(TableDefinition def, List<ColumnSpec> columns) {
        for (ColumnSpec c : columns) {
            if (!def.has(c.name())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs DDL that another task may run at the same moment (tasks of one connector start together, and each creates
     * or evolves the table at its first flush); returns the table as read after it. When the DDL fails and the table
     * then has every column asked for, the other task got there first: that is no error. PostgreSQL reports that
     * race even for {@code CREATE TABLE IF NOT EXISTS} (a duplicate key in {@code pg_type}), MySQL and MariaDB as a
     * column that exists.
     */
    private Optional<TableDefinition> executeRacing(Connection conn, TableId table, List<String> ddl,
                                                    List<ColumnSpec> columns) throws SQLException {
        try {
            execute(conn, ddl);
        } catch (SQLException e) {
            if (SqlErrors.isTransient(e)) {
                throw e;
            }
            if (!conn.getAutoCommit()) {
                conn.rollback();
            }
            Optional<TableDefinition> now = read(conn, table);
            if (now.isEmpty() || !covers(now.get(), columns)) {
                throw e;
            }
            log.info("Table {}: another task made the same change at the same time ({}); going on", table,
                    SqlErrors.brief(e));
            return now;
        }
        return read(conn, table);
    }

    private void execute(Connection conn, List<String> ddl) throws SQLException {
        boolean auto = conn.getAutoCommit();
        try (Statement s = conn.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
            if (!auto) {
                conn.commit();
            }
        }
    }

    /** Reads a table's columns and key from the driver's metadata; empty when the table does not exist. */
    public Optional<TableDefinition> read(Connection conn, TableId table) throws SQLException {
        DatabaseMetaData meta = conn.getMetaData();
        String catalog;
        String schema;
        if (dialect.qualifierIsCatalog()) {
            catalog = table.qualifier() != null ? table.qualifier() : conn.getCatalog();
            schema = null;
        } else {
            catalog = null;
            schema = table.qualifier() != null ? table.qualifier() : conn.getSchema();
        }
        // A server that folds quoted names to lower case (MySQL with lower_case_table_names) lists them folded.
        boolean folds = meta.storesLowerCaseQuotedIdentifiers();
        String escape = meta.getSearchStringEscape();
        List<ColumnInfo> columns = new ArrayList<>();
        // Schema and table are LIKE patterns here: escaped, so that '_', '%' and the escape match only themselves.
        try (ResultSet rs = meta.getColumns(catalog, likeLiteral(schema, escape), likeLiteral(table.name(), escape),
                null)) {
            while (rs.next()) {
                if (sameTable(rs, catalog, schema, table.name(), folds)) {
                    columns.add(new ColumnInfo(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"),
                            rs.getString("TYPE_NAME"), rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<Short, String> key = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table.name())) {
            while (rs.next()) {
                if (sameTable(rs, catalog, schema, table.name(), folds)) {
                    key.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                }
            }
        }
        return Optional.of(new TableDefinition(table, columns, new ArrayList<>(key.values())));
    }

    /** A metadata row of exactly this table: drivers filter loosely (patterns, folded or absent qualifiers). */
    private static boolean sameTable(ResultSet rs, String catalog, String schema, String name, boolean folds)
            throws SQLException {
        return same(name, rs.getString("TABLE_NAME"), folds)
                && (catalog == null || same(catalog, rs.getString("TABLE_CAT"), folds))
                && (schema == null || same(schema, rs.getString("TABLE_SCHEM"), folds));
    }

    /** A qualifier the driver leaves out (null) does not tell another table apart. */
    private static boolean same(String wanted, String listed, boolean folds) {
        return listed == null || (folds ? wanted.equalsIgnoreCase(listed) : wanted.equals(listed));
    }

    /** A LIKE pattern that matches {@code name} only: the escape string itself, '_' and '%' escaped. */
    static String likeLiteral(String name, String escape) {
        if (name == null || escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
