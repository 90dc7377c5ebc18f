package org.pkuse.connect.jdbc.writer;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * What one flush committed: the committed offset per partition (the last record written or deliberately skipped),
 * and counts for the logs.
 */
public record FlushResult(Map<TopicPartition, Long> committedOffsets, int written, int skipped, int deadLettered) {
}
