package org.pkuse.connect.jdbc.errors;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;
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
 *
 * <p>A record is reported while the transaction that skips it is still open (the dead-letter write is waited for
 * before the commit, so none is lost). When that transaction rolls back (a transient error, another task's index
 * conflict) and the chunk is written again, the record is not reported a second time: the offsets reported but not
 * committed yet are remembered per partition, until the database commits past them ({@link #committed}) or the
 * partition goes ({@link #forget}). Only a task that dies between the report and the commit reports it again.
 */
public final class DeadLetterQueue {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueue.class);
    private static final NavigableSet<Long> EMPTY = new TreeSet<>();

    private final ErrantRecordReporter reporter;
    private final ErrorText errorText;
    /** Offsets reported and not committed yet, per partition; the task thread's only. */
    private final Map<TopicPartition, NavigableSet<Long>> reported = new HashMap<>();

    /** @param reporter the worker's errant-record reporter; null when the connector has no dead-letter queue */
    public DeadLetterQueue(ErrantRecordReporter reporter) {
        this(reporter, ErrorText.WITHOUT_VALUES);
    }

    /** @param errorText how the database's error is shown in the log, the task's trace and the DLQ headers */
    public DeadLetterQueue(ErrantRecordReporter reporter, ErrorText errorText) {
        this.reporter = reporter;
        this.errorText = errorText;
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
            TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
            if (reported.getOrDefault(tp, EMPTY).contains(record.kafkaOffset())) {
                log.debug("{} is in the dead-letter queue already (its first write was rolled back)", where);
                return;
            }
            try {
                // The worker logs what it is given (errors.log.enable) and puts its message into the DLQ headers.
                reporter.report(record, errorText.shown(error)).get();
                reported.computeIfAbsent(tp, p -> new TreeSet<>()).add(record.kafkaOffset());
                log.warn("{} sent to the dead-letter queue: {}", where, errorText.text(error.getMessage()));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while reporting the " + where, e);
            } catch (Exception e) {
                throw failed(where, error);
            }
        }
        throw failed(where, error);
    }

    private ConnectException failed(String where, Throwable error) {
        return new ConnectException("Could not write the " + where + ": " + errorText.text(error.getMessage()),
                errorText.shown(error));
    }

    /** The database committed up to these offsets: records at or below them are never written again. */
    public void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, offset) -> {
            NavigableSet<Long> offsetsOf = reported.get(tp);
            if (offsetsOf != null) {
                offsetsOf.headSet(offset, true).clear();
                if (offsetsOf.isEmpty()) {
                    reported.remove(tp);
                }
            }
        });
    }

    /** Revoked partitions: their records are another task's now. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(reported::remove);
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
