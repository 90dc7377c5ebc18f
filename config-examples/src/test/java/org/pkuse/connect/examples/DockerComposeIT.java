package org.pkuse.connect.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.testkit.ConnectRest;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.TopicReader;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The root docker-compose.yml brought up as users do, and the seed job POSTed with the example files as they are
 * (they use the compose service names). Needs a Docker engine: skipped where there is none (CI lints the file and
 * {@link ComposeFileTest} checks it against the examples instead).
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeIT {

    private static final Path PROJECT = Path.of(System.getProperty("pkuse.project.dir", ".."));

    @Container
    static final ComposeContainer COMPOSE = new ComposeContainer(PROJECT.resolve("docker-compose.yml").toFile())
            .withLocalCompose(true)
            .waitingFor("connect", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(6)))
            .waitingFor("mysql", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(6)))
            .waitingFor("hbase", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(6)));

    @Test
    void seedJobRunsOnTheComposeStack() throws Exception {
        ConnectRest rest = new ConnectRest("http://127.0.0.1:8083");
        // hbase-seed is a one-shot container: wait for its rows.
        org.pkuse.connect.testkit.Wait.until("the seeded sample table", Duration.ofMinutes(3), () ->
                rest.validate("org.pkuse.connect.hbase.HBaseSourceConnector",
                        withName(ExampleConfigs.configOf(ExampleConfigs.read("hbasesource_connector_001.json")),
                                "hbasesource_connector_001")).errorCount() == 0);

        for (String file : List.of("hbasesource_connector_001.json", "jdbcsink_connector_001.json")) {
            assertThat(rest.createConnector(ExampleConfigs.read(file)).status()).as(file).isEqualTo(201);
        }

        List<ConsumerRecord<byte[], byte[]>> events = TopicReader.readUntil("127.0.0.1:29092", "pkuse_status",
                read -> read.stream().map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                        .anyMatch(e -> e.contains("\"taskId\":\"100003\"") && e.contains("\"side\":\"sink\"")
                                && e.contains("\"stage\":\"end\"")),
                Duration.ofMinutes(5), Duration.ofSeconds(2));
        assertThat(events).isNotEmpty();
        try (Connection c = DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:3306/test03?allowPublicKeyRetrieval=true", "root", "root");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM employee01_2021_06_17")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(5);
        }
    }

    private static java.util.Map<String, String> withName(java.util.Map<String, String> config, String name) {
        config.put("name", name);
        return config;
    }
}
