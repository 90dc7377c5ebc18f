package org.pkuse.connect.common.source;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * A row a run sends, as its source read it.
 *
 * @param position       where the row stands in the run's order, so that a resumed run reads after it (an HBase
 *                       row key, a JDBC source's ordering key); stored in the source offset
 * @param key            the record key (a {@link Struct} or a string)
 * @param value          the record value
 * @param incrementValue the value of the increment field, or null when the run is not incremental by field
 */
public record SourceRow(byte[] position, Object key, Struct value, Object incrementValue) {

    public Schema keySchema() {
        return key instanceof Struct s ? s.schema() : Schema.STRING_SCHEMA;
    }
}
