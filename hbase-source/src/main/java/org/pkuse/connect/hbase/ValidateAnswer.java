package org.pkuse.connect.hbase;

import static org.pkuse.connect.common.config.ConfigErrors.addError;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.pkuse.connect.common.config.BoundedCheck;

/**
 * What the HBase connectors' {@code validate()} add to the answer: errors on keys, a failure's root cause, and the
 * check that the cluster answers.
 */
final class ValidateAnswer {

    private ValidateAnswer() {
    }

    /** What a connector's cluster check finds, as {key, message} pairs; {@code where} is ZooKeeper's host:port. */
    interface ClusterProblems {
        List<String[]> find(String where) throws Exception;
    }

    /**
     * Runs {@code problems} within {@code timeout} on a thread named {@code threadName}: a cluster that does not
     * answer in time or cannot be reached is an error on {@code pkuse.hbase.ip}, each problem found one on its key.
     */
    static void checkCluster(String threadName, String zkQuorum, int zkPort, Duration timeout,
                             ClusterProblems problems, Map<String, ConfigValue> values) {
        String where = zkQuorum + ":" + zkPort;
        String keys = HBaseOptions.HBASE_IP + "/" + HBaseOptions.HBASE_PORT + ": ";
        String noAnswer = keys + "HBase at ZooKeeper " + where + " did not answer within " + timeout.toMillis()
                + " ms (" + HBaseOptions.VALIDATE_TIMEOUT_MS + "); check " + HBaseOptions.HBASE_IP + " and "
                + HBaseOptions.HBASE_PORT;
        new BoundedCheck(threadName, timeout)
                .run(() -> problems.find(where), values, HBaseOptions.HBASE_IP, noAnswer,
                        failure -> addError(values, HBaseOptions.HBASE_IP, keys
                                + "cannot reach HBase at ZooKeeper " + where + ": " + rootMessage(failure)))
                .ifPresent(found -> found.forEach(p -> addError(values, p[0], p[1])));
    }

    /** A failure's message with its root cause's, for a validate answer. */
    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String first = String.valueOf(t.getMessage());
        return c == t ? first : first + " (" + c.getClass().getSimpleName() + ": " + c.getMessage() + ")";
    }
}
