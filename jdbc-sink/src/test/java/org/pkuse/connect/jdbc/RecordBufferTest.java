package org.pkuse.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordBufferTest {

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("t", partition, null, null, Schema.STRING_SCHEMA, "v" + offset, offset);
    }

    @Test
    void redeliveredAndCommittedRecordsAreSkipped() {
        RecordBuffer buffer = new RecordBuffer();
        buffer.committed(Map.of(new TopicPartition("t", 0), 4L));
        buffer.add(List.of(record(0, 3), record(0, 4), record(0, 5), record(1, 0)));
        buffer.add(List.of(record(0, 5), record(0, 6)));
        assertThat(buffer.records()).extracting(SinkRecord::kafkaOffset).containsExactly(5L, 0L, 6L);
    }

    @Test
    void revokedPartitionsLeaveTheReturnedCountTrue() {
        RecordBuffer buffer = new RecordBuffer();
        buffer.add(List.of(record(0, 0), record(1, 0), record(0, 1), record(1, 1), record(0, 2)));
        List<SinkRecord> handed = buffer.first(4);
        buffer.remove(4);
        // the write failed: the four come back in front
        buffer.putBack(new ArrayList<>(handed));
        assertThat(buffer.size()).isEqualTo(5);
        // partition 1 is revoked before the task acts on the failure
        assertThat(buffer.drop(List.of(new TopicPartition("t", 1)))).isEqualTo(2);
        assertThat(buffer.records()).extracting(SinkRecord::kafkaOffset).containsExactly(0L, 1L, 2L);
        assertThat(buffer.takeReturned()).as("only the two of partition 0 came back").isEqualTo(2);
        assertThat(buffer.takeReturned()).isZero();
    }
}
