package org.pkuse.connect.testkit.hbase;

/**
 * What a launcher needs to start {@link HBaseServerMain} in its own JVM. This class references no HBase type, so
 * a JVM without HBase on its class path can load it.
 */
public final class HBaseServerInfo {

    public static final String MAIN_CLASS = "org.pkuse.connect.testkit.hbase.HBaseServerMain";
    /** Resource in this jar listing the server's dependencies, written by the build. */
    public static final String CLASSPATH_RESOURCE = "/META-INF/pkuse-hbase-server.classpath";

    private HBaseServerInfo() {
    }
}
