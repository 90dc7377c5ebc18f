package org.pkuse.connect.hbase.mapping;

import org.apache.kafka.connect.data.Struct;

/**
 * One HBase row as a record: its row key, record key and value, and the value of the increment field (null when
 * there is none).
 */
public record MappedRow(byte[] rowKey, Object key, Struct value, Object incrementValue) {
}
