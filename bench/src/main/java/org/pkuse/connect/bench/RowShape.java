package org.pkuse.connect.bench;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A table's rows as the plain JDBC ceiling writes them: a function of the id. */
interface RowShape {

    /** The table every run of a part writes into, created beforehand so that all write the same column types. */
    String createTable(String table);

    String insertSql(String table, boolean upsert);

    /** Binds row {@code id} as a plain JDBC program would. */
    void bind(PreparedStatement ps, long id) throws SQLException;
}
