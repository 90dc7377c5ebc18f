package org.pkuse.connect.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pkuse.connect.testkit.ConnectCluster;
import org.pkuse.connect.testkit.ConnectRest;
import org.pkuse.connect.testkit.ExampleConfigs;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.MariaDbServer;
import org.pkuse.connect.testkit.TestKit;

/**
 * Every connector example validates with zero errors against the packaged plugins, through the same REST call a
 * user would make, once its addresses point at the test kit (and the table and database it names exist). An example
 * can never rot unnoticed.
 */
class ConfigExamplesIT {

    static Stream<Path> examples() {
        return ExampleConfigs.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void validatesWithZeroErrors(Path file) throws Exception {
        ConnectCluster connect = TestKit.connect();
        ObjectNode request = ExampleConfigs.read(file);
        JsonNode config = request.path("config");
        String connectorClass = config.path("connector.class").asText();
        assertThat(request.path("name").asText()).as("name").isNotBlank();
        assertThat(connectorClass).startsWith("org.pkuse.connect.");

        ExampleConfigs.Addresses local = new ExampleConfigs.Addresses(null, 0, connect.bootstrapServers(), null, null);
        ObjectNode login = request;
        if (config.has("pkuse.hbase.ip")) {
            HBaseCluster hbase = TestKit.hbase();
            if (!connectorClass.endsWith("SinkConnector")) {
                createSourceTable(hbase, config); // the HBase sink's examples create their table (auto.create)
            }
            local = new ExampleConfigs.Addresses(hbase.zkQuorum(), hbase.zkPort(), connect.bootstrapServers(), null,
                    null);
        }
        if (config.has("connection.url") && !config.path("connection.url").asText().startsWith("jdbc:postgresql")) {
            MariaDbServer db = TestKit.mariaDb();
            String database = URI.create(config.path("connection.url").asText().substring(5)).getPath().substring(1);
            db.recreateDatabase(database);
            if (connectorClass.endsWith("JdbcSourceConnector")) {
                createJdbcSourceTable(db, database, config);
            }
            local = new ExampleConfigs.Addresses(local.zkQuorum(), local.zkPort(), connect.bootstrapServers(),
                    db.host() + ":" + db.port(), null);
            login = ExampleConfigs.withLogin(request, db.user(), db.password());
        }
        if (config.path("connection.url").asText().startsWith("jdbc:postgresql")) {
            org.pkuse.connect.testkit.PostgresServer pg = TestKit.postgres();
            String database = URI.create(config.path("connection.url").asText().substring(5)).getPath().substring(1);
            pg.recreateDatabase(database);
            local = new ExampleConfigs.Addresses(local.zkQuorum(), local.zkPort(), connect.bootstrapServers(), null,
                    "127.0.0.1:" + pg.port());
            login = ExampleConfigs.withLogin(request, pg.user(), pg.password());
        }
        Map<String, String> localized = ExampleConfigs.configOf(ExampleConfigs.localize(login, local));
        localized.put("name", request.path("name").asText());

        ConnectRest.Validation validation = connect.rest().validate(connectorClass, localized);

        assertThat(validation.errors()).as(file.getFileName() + " errors").isEmpty();
        assertThat(validation.errorCount()).isZero();
    }

    static Stream<Path> propertiesExamples() throws java.io.IOException {
        try (Stream<Path> files = java.nio.file.Files.list(ExampleConfigs.dir())) {
            return files.filter(p -> p.toString().endsWith(".properties")).sorted().toList().stream();
        }
    }

    /**
     * A standalone worker's connector file (continuous mode): validated against MariaDB, with the URL's host and
     * login replaced by the test database's, and its tables created with their incrementing column.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("propertiesExamples")
    void propertiesExampleValidatesWithZeroErrors(Path file) throws Exception {
        java.util.Properties props = new java.util.Properties();
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file)) {
            props.load(r);
        }
        Map<String, String> config = new java.util.HashMap<>();
        props.stringPropertyNames().forEach(k -> config.put(k, props.getProperty(k)));
        assertThat(config.get("name")).as("name").isNotBlank();
        MariaDbServer db = TestKit.mariaDb();
        String database = URI.create(config.get("connection.url").substring(5)).getPath().substring(1);
        db.recreateDatabase(database);
        String key = config.getOrDefault("incrementing.column.name", "id");
        try (java.sql.Connection c = db.connect(database); java.sql.Statement s = c.createStatement()) {
            for (String table : config.get("table.whitelist").split(",")) {
                s.execute("CREATE TABLE " + table.trim() + " (" + key + " BIGINT NOT NULL PRIMARY KEY, "
                        + "note VARCHAR(20))");
            }
        }
        config.put("connection.url", "jdbc:mysql://" + db.host() + ":" + db.port() + "/" + database + "?user="
                + db.user() + "&password=" + db.password());

        ConnectRest.Validation validation = TestKit.connect().rest().validate(config.get("connector.class"), config);

        assertThat(validation.errors()).as(file.getFileName() + " errors").isEmpty();
        assertThat(validation.errorCount()).isZero();
    }

    /** The table the example reads, with every family its mapping names (or "info"). */
    private static void createSourceTable(HBaseCluster hbase, JsonNode config) throws Exception {
        String table = config.path("pkuse.hbase.namespace").asText("default") + ":"
                + config.path("pkuse.hbase.table.name").asText();
        Set<String> families = new LinkedHashSet<>();
        List<HBaseCluster.Cell> cells = new ArrayList<>();
        for (JsonNode field : new ObjectMapper().readTree(config.path("pkuse.hbase.filed.mapping").asText())) {
            String source = field.path("sourceFiled").asText();
            String family = source.contains(":") ? source.substring(0, source.indexOf(':')) : "info";
            String qualifier = source.contains(":") ? source.substring(source.indexOf(':') + 1) : source;
            families.add(family);
            cells.add(HBaseCluster.Cell.text("1", family, qualifier, "1"));
        }
        hbase.createTable(table, new ArrayList<>(families), List.of());
        hbase.put(table, cells);
    }

    /** The table a JDBC source example reads: a key, and its increment column when it names one. */
    private static void createJdbcSourceTable(MariaDbServer db, String database, JsonNode config) throws Exception {
        String table = config.path("pkuse.jdbc.table.name").asText();
        String increment = config.path("pkuse.incrementreadfields").asText("");
        String key = increment.isEmpty() ? "id" : increment;
        try (java.sql.Connection c = db.connect(database); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (" + key + " BIGINT NOT NULL PRIMARY KEY, note VARCHAR(20))");
        }
    }
}
