package org.pkuse.connect.jdbc.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DeadLetterQueueTest {

    private final List<String> sent = new ArrayList<>();
    private final DeadLetterQueue dlq = new DeadLetterQueue((record, error) -> {
        sent.add(record.kafkaPartition() + "@" + record.kafkaOffset());
        return CompletableFuture.completedFuture(null);
    });

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("t", partition, null, null, Schema.STRING_SCHEMA, "v", offset);
    }

    @Test
    void aRecordReportedInATransactionThatRolledBackIsNotReportedAgainOnTheRetry() {
        BadRecordHandler bad = dlq.onTaskThread();
        DataException why = new DataException("Field 'name': too long");
        bad.handle(record(0, 5), "emp", why);
        bad.handle(record(1, 5), "emp", why);
        // the transaction rolls back (lost connection), the chunk is written again
        bad.handle(record(0, 5), "emp", why);
        bad.handle(record(1, 5), "emp", why);
        bad.handle(record(0, 6), "emp", why);
        assertThat(sent).containsExactly("0@5", "1@5", "0@6");

        dlq.committed(Map.of(new TopicPartition("t", 0), 5L));
        dlq.forget(List.of(new TopicPartition("t", 1)));
        // redelivered after a rewind past the commit (a new owner, a reset consumer): reported as any bad record
        bad.handle(record(0, 5), "emp", why);
        bad.handle(record(1, 5), "emp", why);
        bad.handle(record(0, 6), "emp", why);
        assertThat(sent).containsExactly("0@5", "1@5", "0@6", "0@5", "1@5");
    }
}
