package org.pkuse.connect.jdbc.source;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Calendar;

/**
 * A statement parameter of a run's WHERE: the value and the column it is compared with. A column's own value binds
 * as the column's type; a mapping's literal (an Integer compared with a DECIMAL column...) binds as what it is.
 *
 * @param literal the value is a mapping's literal, typed by its fieldType rather than by the column
 */
record SqlParam(SourceColumn column, Object value, boolean literal) {

    void bind(PreparedStatement ps, int i, Calendar dbZone) throws SQLException {
        if (literal && !(value instanceof java.util.Date)) {
            ps.setObject(i, value);
        } else {
            column.bind(ps, i, value, dbZone);
        }
    }
}
