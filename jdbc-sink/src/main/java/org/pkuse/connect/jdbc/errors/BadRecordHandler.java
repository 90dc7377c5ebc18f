package org.pkuse.connect.jdbc.errors;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides about a record that cannot be written (bad value, constraint violation): report it to the dead-letter
 * queue and go on (returns), or fail the task (throws a {@code ConnectException} naming table and position).
 */
public interface BadRecordHandler {

    void handle(SinkRecord record, String table, Throwable error);
}
