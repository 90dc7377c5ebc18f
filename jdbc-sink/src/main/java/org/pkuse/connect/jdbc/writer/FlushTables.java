package org.pkuse.connect.jdbc.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.pkuse.connect.jdbc.dialect.ColumnSpec;
import org.pkuse.connect.jdbc.dialect.SqlErrors;
import org.pkuse.connect.jdbc.dialect.TableId;
import org.pkuse.connect.jdbc.schema.TableCatalog;
import org.pkuse.connect.jdbc.schema.TableDefinition;
import org.pkuse.connect.jdbc.writer.MappedChunk.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a flush's tables ready before its transaction: routes job rows to the table their write mode names,
 * then creates or evolves each table for all the row shapes headed there (DDL commits implicitly on MySQL). A shape
 * the table cannot take (a column it lacks under {@code auto.evolve=false}, a key column it lacks, a schemaless field
 * it has no column for, no table under {@code auto.create=false}) fails its own records, like a value the database
 * refuses: they become row errors, and the rest of the flush is written.
 */
final class FlushTables {

    private static final Logger log = LoggerFactory.getLogger(FlushTables.class);

    private final TableCatalog catalog;
    private final WriteMode mode;

    FlushTables(TableCatalog catalog, WriteMode mode) {
        this.catalog = catalog;
        this.mode = mode;
    }

    /**
     * Routes, creates and evolves; the items of a shape the table cannot take get the reason as their error.
     *
     * @return each table's definition, for the tables that take at least one shape
     */
    Map<TableId, TableDefinition> prepare(Connection conn, List<Item> items) throws SQLException {
        Map<TableId, List<RowShape>> shapesOf = new LinkedHashMap<>();
        for (Item i : items) {
            if (i.row == null || i.error != null) {
                continue;
            }
            if (i.job != null) {
                TableId table = mode.tableFor(i.row.shape().table(), i.job.jobKey());
                if (!table.equals(i.row.shape().table())) {
                    i.row = new Row(i.row.shape().withTable(table), i.row.keyValues(), i.row.values(),
                            i.row.record());
                }
            }
            RowShape shape = i.row.shape();
            List<RowShape> seen = shapesOf.computeIfAbsent(shape.table(), t -> new ArrayList<>());
            if (!seen.contains(shape)) {
                seen.add(shape);
            }
        }
        Map<TableId, TableDefinition> definitions = new HashMap<>();
        Map<RowShape, RuntimeException> rejected = new HashMap<>();
        for (Map.Entry<TableId, List<RowShape>> t : shapesOf.entrySet()) {
            TableDefinition def = ensure(conn, t.getKey(), t.getValue(), rejected);
            if (def != null) {
                definitions.put(t.getKey(), def);
            }
        }
        if (!rejected.isEmpty()) {
            for (Item i : items) {
                if (i.row != null && i.error == null) {
                    i.error = rejected.get(i.row.shape());
                }
            }
        }
        return definitions;
    }

    /** The table for all its shapes; when that fails for some shape, for the ones it can take. */
    private TableDefinition ensure(Connection conn, TableId table, List<RowShape> shapes,
                                   Map<RowShape, RuntimeException> rejected) throws SQLException {
        List<ColumnSpec> union = ColumnUnion.of(shapes);
        try {
            return ensureColumns(conn, table, union);
        } catch (RetriableException e) {
            throw e;
        } catch (ConnectException e) {
            if (shapes.size() == 1) {
                rejected.put(shapes.get(0), e);
                return null;
            }
            log.debug("Table {} cannot take every row shape of this flush ({}); trying them one by one", table,
                    SqlErrors.brief(e));
        }
        // Shape by shape, each added to those that fit; the columns keep the nullability of the whole union, so a
        // table created here still takes the rows of a shape that lacks some column.
        List<RowShape> fitting = new ArrayList<>();
        TableDefinition def = null;
        for (RowShape shape : shapes) {
            List<RowShape> candidate = new ArrayList<>(fitting);
            candidate.add(shape);
            try {
                def = ensureColumns(conn, table, ColumnUnion.restrict(union, candidate));
                fitting.add(shape);
            } catch (RetriableException e) {
                throw e;
            } catch (ConnectException e) {
                rejected.put(shape, e);
            }
        }
        return def;
    }

    private TableDefinition ensureColumns(Connection conn, TableId table, List<ColumnSpec> columns)
            throws SQLException {
        mode.prepare(conn, table, columns);
        return catalog.ensure(conn, table, columns);
    }
}
