package org.pkuse.connect.jdbc.writer;

import org.apache.kafka.connect.sink.SinkRecord;

/** One record made into a row: the shape of its statement and the values for the key and value columns. */
public record Row(RowShape shape, Object[] keyValues, Object[] values, SinkRecord record) {
}
