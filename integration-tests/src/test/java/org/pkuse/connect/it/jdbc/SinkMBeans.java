package org.pkuse.connect.it.jdbc;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@code sink-task-metrics} MBeans of a sink connector's tasks, read as JMX shows them: the test kit's workers run
 * in this JVM, so their MBeans are in its platform server.
 */
final class SinkMBeans {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private SinkMBeans() {
    }

    /** The attribute summed over the connector's tasks (0 when none is registered). */
    static long sum(String connector, String attribute) {
        long sum = 0;
        for (Object v : values(connector, attribute)) {
            sum += ((Number) v).longValue();
        }
        return sum;
    }

    /** The attribute of each task of the connector. */
    static List<Object> values(String connector, String attribute) {
        List<Object> values = new ArrayList<>();
        try {
            for (ObjectName task : SERVER.queryNames(new ObjectName("org.pkuse.connect:type=sink-task-metrics,connector="
                    + connector + ",*"), null)) {
                values.add(SERVER.getAttribute(task, attribute));
            }
        } catch (JMException e) {
            throw new IllegalStateException("reading " + attribute + " of " + connector + ": " + e, e);
        }
        return values;
    }
}
