package org.pkuse.connect.hbase.scan;

import java.time.Duration;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;

/**
 * The HBase client configuration of a connector: the ZooKeeper quorum and port, bounded retries and timeouts so
 * that an unreachable cluster or a missing table fails in bounded time, then the connector's own {@code hbase.*},
 * {@code zookeeper.*} and {@code hadoop.*} properties on top (Kerberos and other cluster settings).
 */
public final class HBaseClientSettings {

    private HBaseClientSettings() {
    }

    /**
     * @param patience how long one HBase operation may take, retries included (validation uses a short one)
     */
    public static Configuration configuration(String quorum, int port, Map<String, String> overrides,
                                              Duration patience) {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", quorum);
        conf.setInt("hbase.zookeeper.property.clientPort", port);
        long ms = patience.toMillis();
        boolean quick = ms <= 30_000;
        conf.setInt("hbase.client.retries.number", quick ? 3 : 15);
        conf.setLong("hbase.client.pause", quick ? 200 : 500);
        conf.setInt("zookeeper.recovery.retry", quick ? 1 : 3);
        conf.setInt("zookeeper.recovery.retry.intervalmill", 200);
        conf.setInt("zookeeper.session.timeout", (int) Math.min(30_000, Math.max(3_000, ms / 2)));
        conf.setLong("hbase.client.operation.timeout", ms);
        conf.setLong("hbase.client.meta.operation.timeout", ms);
        conf.setInt("hbase.rpc.timeout", (int) Math.min(60_000, Math.max(2_000, ms / 3)));
        conf.setInt("hbase.client.scanner.timeout.period", 120_000);
        conf.setInt("hbase.zookeeper.recoverable.waittime", (int) Math.min(10_000, ms));
        overrides.forEach(conf::set);
        return conf;
    }
}
