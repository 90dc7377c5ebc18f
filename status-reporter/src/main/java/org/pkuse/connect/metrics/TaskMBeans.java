package org.pkuse.connect.metrics;

import java.lang.management.ManagementFactory;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the connectors' MBeans live: domain {@value #DOMAIN}, one name per connector task,
 * {@code org.pkuse.connect:type=<type>,connector=<connector>,task=<task>} (plus {@code job=<id>} for a sink's open
 * jobs), in the worker's platform MBean server, where JMX clients and the Prometheus JMX exporter find Connect's own.
 * Registering never fails a task: metrics are for watching, not for running.
 */
public final class TaskMBeans {

    public static final String DOMAIN = "org.pkuse.connect";

    private static final Logger log = LoggerFactory.getLogger(TaskMBeans.class);

    private TaskMBeans() {
    }

    /** The name of a task's MBean of {@code type}; values that JMX cannot take bare are quoted. */
    public static ObjectName name(String type, String connector, String task) {
        return name(type, connector, task, null);
    }

    /** As {@link #name(String, String, String)}, for one job of the task when {@code job} is not null. */
    public static ObjectName name(String type, String connector, String task, String job) {
        // Keys in this order, always: JMX exporters and their rules see them in the order the name gives them.
        String name = DOMAIN + ":type=" + type + ",connector=" + value(connector) + ",task=" + value(task)
                + (job == null ? "" : ",job=" + value(job));
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("No MBean name for connector '" + connector + "': " + e.getMessage(), e);
        }
    }

    private static String value(String raw) {
        String v = raw == null || raw.isEmpty() ? "unknown" : raw;
        return v.matches("[A-Za-z0-9_.\\-]+") ? v : ObjectName.quote(v);
    }

    /**
     * Registers {@code mbean} under {@code name}, replacing what a task that was not stopped cleanly left there
     * (the worker restarts a failed task in the same JVM).
     */
    public static void register(ObjectName name, Object mbean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(mbean, name);
        } catch (JMException | RuntimeException e) {
            log.warn("Could not register MBean {}: {}", name, e.toString());
        }
    }

    public static void unregister(ObjectName name) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // not registered, or already gone
        } catch (JMException | RuntimeException e) {
            log.warn("Could not unregister MBean {}: {}", name, e.toString());
        }
    }
}
