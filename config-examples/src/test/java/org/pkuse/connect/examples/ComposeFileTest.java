package org.pkuse.connect.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run on machines without Docker; CI lints it against the Compose schema (dclint), and
 * this test checks that it agrees with the examples users copy: the same worker settings, the plugin folders mounted
 * where plugin.path points, and the addresses the connector JSON uses.
 */
class ComposeFileTest {

    private static final Path PROJECT = Path.of(System.getProperty("pkuse.project.dir", ".."));

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(PROJECT.resolve("docker-compose.yml").toFile());
    }

    private static Properties worker() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(
                PROJECT.resolve("config-examples/worker/connect-distributed.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static JsonNode connector(String file) throws IOException {
        return new ObjectMapper().readTree(PROJECT.resolve("config-examples").resolve(file).toFile()).path("config");
    }

    @Test
    void usesStockImagesOnly() throws IOException {
        compose().path("services").forEach(service -> {
            assertThat(service.has("build")).isFalse();
            assertThat(service.path("image").asText()).isNotBlank();
        });
    }

    @Test
    void mountsThePluginFoldersWherePluginPathPoints() throws IOException {
        JsonNode connect = compose().path("services").path("connect");
        String pluginPath = worker().getProperty("plugin.path");

        List<String> volumes = new ArrayList<>();
        connect.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).contains("./distribution/target/plugins:" + pluginPath + ":ro");
        assertThat(connect.path("environment").path("CONNECT_PLUGIN_PATH").asText().split(","))
                .contains(pluginPath);
    }

    @Test
    void workerSettingsAreThoseOfTheDistributedExample() throws IOException {
        JsonNode env = compose().path("services").path("connect").path("environment");
        Properties worker = worker();

        for (String key : worker.stringPropertyNames()) {
            if (key.equals("bootstrap.servers") || key.equals("plugin.path")) {
                continue; // the compose network's broker address; the mount checked above
            }
            String variable = "CONNECT_" + key.toUpperCase().replace('.', '_');
            assertThat(env.path(variable).asText()).as(variable).isEqualTo(worker.getProperty(key));
        }
        assertThat(env.path("CONNECT_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        assertThat(compose().path("services").path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS")
                .asText()).contains("PLAINTEXT://kafka:9092");
    }

    /**
     * The Avro worker (profile 'avro') has the settings of the Avro example file, as the image maps its variables
     * ({@code CONNECT_A_B___C} to {@code a.b-c}), the converter's folder mounted inside plugin.path, and the
     * registry the example's URL names.
     */
    @Test
    void theAvroWorkerHasTheSettingsOfTheAvroExample() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode avro = services.path("connect-avro");
        Properties example = new Properties();
        try (Reader in = Files.newBufferedReader(
                PROJECT.resolve("config-examples/worker/connect-avro-distributed.properties"))) {
            example.load(in);
        }
        JsonNode env = avro.path("environment");
        for (String key : example.stringPropertyNames()) {
            if (!key.contains("converter") && !key.equals("plugin.discovery")) {
                continue; // the group, topics and addresses are the compose network's own
            }
            String variable = "CONNECT_" + key.toUpperCase().replace("-", "___").replace('.', '_');
            assertThat(env.path(variable).asText()).as(variable).isEqualTo(example.getProperty(key));
        }
        List<String> volumes = new ArrayList<>();
        avro.path("volumes").forEach(v -> volumes.add(v.asText()));
        String pluginPath = example.getProperty("plugin.path");
        assertThat(volumes).contains("./distribution/target/plugins:" + pluginPath + ":ro",
                "./schema-registry/target/plugins/apicurio-converter:" + pluginPath + "/apicurio-converter:ro");
        URI registry = URI.create(example.getProperty("value.converter.apicurio.registry.url"));
        assertThat(services.has(registry.getHost())).isTrue();
        assertThat(services.path(registry.getHost()).path("ports").toString()).contains(":" + registry.getPort());
        assertThat(avro.path("profiles").toString()).contains("avro");
        assertThat(services.path(registry.getHost()).path("profiles").toString()).contains("avro");
    }

    @Test
    void connectorExamplesPointAtTheComposeServices() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode source = connector("hbasesource_connector_001.json");
        JsonNode sink = connector("jdbcsink_connector_001.json");

        assertThat(services.has(source.path("pkuse.hbase.ip").asText())).isTrue();
        assertThat(services.path("hbase").path("ports").toString()).contains(":" + source.path("pkuse.hbase.port")
                .asText());
        assertThat(source.path("org.pkuse.kafka.broker").asText()).isEqualTo("kafka:9092");
        assertThat(sink.path("org.pkuse.kafka.broker").asText()).isEqualTo("kafka:9092");

        URI db = URI.create(sink.path("connection.url").asText().substring("jdbc:".length()));
        JsonNode mysql = services.path(db.getHost());
        assertThat(mysql.isMissingNode()).as("service " + db.getHost()).isFalse();
        assertThat(db.getPort()).isEqualTo(3306);
        assertThat(db.getPath()).isEqualTo("/" + mysql.path("environment").path("MYSQL_DATABASE").asText());
        assertThat(sink.path("connection.password").asText())
                .isEqualTo(mysql.path("environment").path("MYSQL_ROOT_PASSWORD").asText());
        assertThat(sink.path("topics").asText()).isEqualTo(source.path("pkuse.kafka.topic.prefix").asText()
                + source.path("pkuse.hbase.namespace").asText() + "_" + source.path("pkuse.hbase.table.name").asText());
    }

    @Test
    void standaloneFilesHoldTheSameConfigAsTheJson() throws IOException {
        for (String name : List.of("hbasesource_connector_001", "jdbcsink_connector_001")) {
            Properties standalone = new Properties();
            try (Reader in = Files.newBufferedReader(
                    PROJECT.resolve("config-examples/worker/" + name + ".properties"))) {
                standalone.load(in);
            }
            JsonNode json = connector(name + ".json");
            assertThat(standalone.getProperty("name")).isEqualTo(name);
            json.fields().forEachRemaining(e ->
                    assertThat(standalone.getProperty(e.getKey())).as(name + " " + e.getKey())
                            .isEqualTo(e.getValue().asText()));
            assertThat(standalone.size()).isEqualTo(json.size() + 1);
        }
    }
}
