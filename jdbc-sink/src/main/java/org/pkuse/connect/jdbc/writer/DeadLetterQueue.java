package org.pkuse.connect.jdbc.writer;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where bad records go: the worker's dead-letter queue when the connector has one, else the task fails with the
 * record named (topic, partition, offset, table), never its values. The worker's errant-record reporter is only safe
 * on the task's own thread (KAFKA-16087, before Kafka 3.8), so on the flush thread a bad record rolls its chunk
 * back ({@link #onFlushThread()}), and the task thread writes it again with {@link #onTaskThread()}.
 */
public final class DeadLetterQueue {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueue.class);

    private final ErrantRecordReporter reporter;
    private final String taskLabel;

    /** @param reporter the worker's errant-record reporter; null when the connector has no dead-letter queue */
    public DeadLetterQueue(ErrantRecordReporter reporter, String taskLabel) {
        this.reporter = reporter;
        this.taskLabel = taskLabel;
    }

    public BadRecordHandler onTaskThread() {
        return this::report;
    }

    public BadRecordHandler onFlushThread() {
        return (record, table, error) -> {
            if (reporter != null) {
                throw new RetryOnTaskThread();
            }
            report(record, table, error);
        };
    }

    /** The flush thread rolled a chunk back because a record in it goes to the dead-letter queue. */
    public static boolean retryOnTaskThread(Exception e) {
        return e instanceof RetryOnTaskThread;
    }

    private void report(SinkRecord record, String table, Throwable error) {
        String where = "record at " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset()
                + " (topic " + record.topic() + ", partition " + record.kafkaPartition() + ", offset "
                + record.kafkaOffset() + ") into table " + table;
        if (reporter != null) {
            try {
                reporter.report(record, error).get();
                log.warn("Task {}: {} sent to the dead-letter queue: {}", taskLabel, where, error.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while reporting the " + where, e);
            } catch (Exception e) {
                throw new ConnectException("Could not write the " + where + ": " + error.getMessage(), error);
            }
        }
        throw new ConnectException("Could not write the " + where + ": " + error.getMessage(), error);
    }

    /** Rolls a chunk back on the flush thread so that the task thread writes it again with its dead letters. */
    private static final class RetryOnTaskThread extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryOnTaskThread() {
            super("A record goes to the dead-letter queue; the chunk is written again on the task thread", null,
                    false, false);
        }
    }
}
