package org.pkuse.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ConnectClusterIT {

    @Test
    void runsTwoDistributedWorkersOnOneBroker() {
        ConnectCluster connect = TestKit.connect();

        assertThat(connect.healthyWorkers()).isEqualTo(2);
        JsonNode root = connect.rest().get("/").body();
        assertThat(root.path("version").asText()).isEqualTo("4.3.1");
        assertThat(root.path("kafka_cluster_id").asText()).isNotBlank();
        ConnectRest.Response plugins = connect.rest().get("/connector-plugins");
        assertThat(plugins.status()).isEqualTo(200);
    }

    @Test
    void carriesRecordsThroughAnExplicitTopic() {
        ConnectCluster connect = TestKit.connect();
        connect.createTopic("smoke-topic", 3);

        connect.kafka().produce("smoke-topic", "k", "数据");

        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readAtLeast(connect.bootstrapServers(),
                "smoke-topic", 1, Duration.ofSeconds(30), Duration.ZERO);
        assertThat(read).hasSize(1);
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("数据");
    }
}
