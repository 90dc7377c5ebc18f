package org.pkuse.connect.testkit;

/** {@link org.pkuse.connect.localstack.HBaseCluster} under the name the tests know. */
public final class HBaseCluster extends org.pkuse.connect.localstack.HBaseCluster {

    private HBaseCluster(org.pkuse.connect.localstack.HBaseCluster started) {
        super(started);
    }

    public static HBaseCluster start() {
        return new HBaseCluster(org.pkuse.connect.localstack.HBaseCluster.start());
    }
}
