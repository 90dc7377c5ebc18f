package org.pkuse.connect.jdbc.source;

import java.time.ZoneId;

import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.mapping.TextValues;

/**
 * How the JDBC source reads the platform's mapping: a {@code sourceFiled} is a column of the table (any name), and a
 * literal ({@code limitcondition} values, {@code default(v)}, a text column mapped to another type) is read as
 * {@link TextValues} reads text: dates {@code yyyy-MM-dd}, datetimes {@code yyyy-MM-dd HH:mm:ss[.SSS]} in
 * {@code db.timezone} or epoch milliseconds.
 */
public final class SqlLiterals {

    /** A mapping's {@code sourceFiled} on the JDBC source: a column of the table, any name. */
    public static final FieldMappings.Store COLUMNS = new FieldMappings.Store() {
        @Override
        public String sourceName() {
            return "table column";
        }

        @Override
        public String sourceProblem(String source) {
            return null; // any name may be a column (quoted in SQL); the table says whether it is one
        }
    };

    private SqlLiterals() {
    }

    /** The literals' reader in {@code zone} ({@code db.timezone}). */
    public static TextValues parser(ZoneId zone) {
        return new TextValues("yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss[.SSS]", zone);
    }
}
