package org.pkuse.connect.jdbc.writer;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.pkuse.connect.common.job.JobProgress;

/**
 * What one flush committed: the committed offset per partition (the last record written or deliberately skipped),
 * counts for the logs and the metrics, the rows written by operation, and the jobs' rows as committed.
 */
public record FlushResult(Map<TopicPartition, Long> committedOffsets, int written, int skipped, int deadLettered,
                          Map<Operation, Integer> operations, List<JobProgress> jobs) {

    public FlushResult(Map<TopicPartition, Long> committedOffsets, int written, int skipped, int deadLettered) {
        this(committedOffsets, written, skipped, deadLettered, Map.of(), List.of());
    }
}
