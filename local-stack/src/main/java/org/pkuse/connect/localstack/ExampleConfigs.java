package org.pkuse.connect.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The connector JSON of {@code config-examples/}, with its addresses (the docker-compose service names) replaced by
 * those of a local stack. Nothing else is touched, so what runs is what users copy.
 */
public class ExampleConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JDBC_HOST = Pattern.compile("^(jdbc:(mysql|mariadb|postgresql)://)([^/?]+)(.*)$");

    /** For test-support, which keeps this under its old name. */
    protected ExampleConfigs() {
    }

    /** Where a local stack listens. {@code postgresHostPort} may be null when no PostgreSQL runs. */
    public record Addresses(String zkQuorum, int zkPort, String bootstrapServers, String mysqlHostPort,
                            String postgresHostPort) {
    }

    /** The seed contract's HBase source, as the field sends it. */
    public static final String SEED_SOURCE = "hbasesource_connector_001.json";

    /** The folder: system property {@code pkuse.project.dir} (the build's root) + {@code config-examples}. */
    public static Path dir() {
        return Path.of(System.getProperty("pkuse.project.dir", ".")).resolve("config-examples");
    }

    /** Every {@code *.json} connector example, by file name. */
    public static List<Path> all() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole request ({@code name} and {@code config}) of one example file, as it is on disk. */
    public static ObjectNode read(Path file) {
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode read(String fileName) {
        return read(dir().resolve(fileName));
    }

    /** The request with its addresses pointed at {@code local}. */
    public static ObjectNode localize(ObjectNode request, Addresses local) {
        ObjectNode copy = request.deepCopy();
        ObjectNode config = (ObjectNode) copy.path("config");
        replace(config, "pkuse.hbase.ip", local.zkQuorum());
        replace(config, "pkuse.hbase.port", Integer.toString(local.zkPort()));
        replace(config, "org.pkuse.kafka.broker", local.bootstrapServers());
        if (config.has("connection.url")) {
            Matcher m = JDBC_HOST.matcher(config.path("connection.url").asText());
            if (m.matches()) {
                String hostPort = m.group(2).equals("postgresql") ? local.postgresHostPort() : local.mysqlHostPort();
                if (hostPort != null) {
                    config.put("connection.url", m.group(1) + hostPort + m.group(4));
                }
            }
        }
        return copy;
    }

    /** The request with the test database's login instead of the seed config's root/root. */
    public static ObjectNode withLogin(ObjectNode request, String user, String password) {
        ObjectNode copy = request.deepCopy();
        ObjectNode config = (ObjectNode) copy.path("config");
        if (config.has("connection.url")) {
            config.put("connection.user", user);
            config.put("connection.password", password);
        }
        return copy;
    }

    private static void replace(ObjectNode config, String key, String value) {
        if (config.has(key)) {
            config.put(key, value);
        }
    }

    /**
     * The seed HBase source's config ({@link #SEED_SOURCE}) pointed at this HBase and broker, as a map the caller
     * may change (table, mapping, job id, ...).
     */
    public static Map<String, String> seedSource(String zkQuorum, int zkPort, String bootstrapServers) {
        return configOf(localize(read(SEED_SOURCE), new Addresses(zkQuorum, zkPort, bootstrapServers, null, null)));
    }

    /** The {@code config} object as a map, for REST calls. */
    public static Map<String, String> configOf(JsonNode request) {
        Map<String, String> config = new LinkedHashMap<>();
        request.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }
}
