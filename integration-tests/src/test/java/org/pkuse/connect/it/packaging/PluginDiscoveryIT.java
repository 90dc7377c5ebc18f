package org.pkuse.connect.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.TestKit;

/** A stock distributed worker with the plugin folders on plugin.path lists both connectors with our version. */
class PluginDiscoveryIT {

    @Test
    void workersListBothConnectorsFromPluginPath() {
        ConnectCluster connect = TestKit.connect();

        JsonNode plugins = connect.rest().get("/connector-plugins").body();
        Map<String, JsonNode> byClass = new HashMap<>();
        plugins.forEach(p -> byClass.put(p.path("class").asText(), p));

        assertThat(byClass).containsKeys("org.pkuse.connect.hbase.HBaseSourceConnector",
                "org.pkuse.connect.jdbc.JdbcSinkConnector", "org.pkuse.connect.hbase.HBaseSinkConnector");
        assertThat(byClass.get("org.pkuse.connect.hbase.HBaseSinkConnector").path("type").asText()).isEqualTo("sink");
        assertThat(byClass.get("org.pkuse.connect.hbase.HBaseSinkConnector").path("version").asText())
                .isEqualTo(System.getProperty("pkuse.version"));
        assertThat(byClass.get("org.pkuse.connect.hbase.HBaseSourceConnector").path("type").asText())
                .isEqualTo("source");
        assertThat(byClass.get("org.pkuse.connect.jdbc.JdbcSinkConnector").path("type").asText()).isEqualTo("sink");
        assertThat(byClass.get("org.pkuse.connect.hbase.HBaseSourceConnector").path("version").asText())
                .isEqualTo(System.getProperty("pkuse.version"));
        assertThat(byClass.get("org.pkuse.connect.jdbc.JdbcSinkConnector").path("version").asText())
                .isEqualTo(System.getProperty("pkuse.version"));
    }
}
