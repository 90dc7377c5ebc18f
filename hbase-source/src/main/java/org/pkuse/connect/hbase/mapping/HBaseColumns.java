package org.pkuse.connect.hbase.mapping;

import org.pkuse.connect.common.mapping.FieldMappings;

/** A mapping's {@code sourceFiled} in HBase: a column, {@code qualifier} or {@code family:qualifier}. */
public final class HBaseColumns implements FieldMappings.Store {

    public static final HBaseColumns INSTANCE = new HBaseColumns();

    private HBaseColumns() {
    }

    @Override
    public String sourceName() {
        return "HBase column (qualifier or family:qualifier)";
    }

    @Override
    public String sourceProblem(String source) {
        if (source.startsWith(":") || source.endsWith(":") || source.indexOf(':') != source.lastIndexOf(':')) {
            return "'" + source + "' is not a column; expected qualifier or family:qualifier";
        }
        return null;
    }
}
