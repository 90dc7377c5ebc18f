package org.pkuse.connect.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plugin folders and zips are what an operator copies into a worker's plugin.path: check them as an operator
 * would, file by file.
 */
class PluginPackagingIT {

    private static final Path DIST = Path.of(System.getProperty("pkuse.distribution.dir"));
    private static final String VERSION = System.getProperty("pkuse.version");
    /** The worker supplies these; a second copy in a plugin folder breaks class-loader isolation. */
    private static final List<String> WORKER_SUPPLIED = List.of("connect-api-", "kafka-clients-", "slf4j-",
            "log4j-", "reload4j-", "connect-runtime-", "connect-json-");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pkuse-hbase-source, org.apache.kafka.connect.source.SourceConnector, "
                + "org.pkuse.connect.hbase.HBaseSourceConnector, hbase-shaded-client-, mysql-connector-j-",
        "pkuse-hbase-source, org.apache.kafka.connect.sink.SinkConnector, "
                + "org.pkuse.connect.hbase.HBaseSinkConnector, hbase-shaded-client-, mysql-connector-j-",
        "pkuse-jdbc-sink, org.apache.kafka.connect.sink.SinkConnector, "
                + "org.pkuse.connect.jdbc.JdbcSinkConnector, mysql-connector-j-, hbase-"
    })
    void pluginFolderIsReadyForPluginPath(String plugin, String serviceType, String connectorClass,
                                          String mustCarry, String mustNotCarry) throws Exception {
        Path folder = DIST.resolve("plugins").resolve(plugin);
        assertThat(folder).isDirectory();
        assertThat(folder.resolve("LICENSE")).content(StandardCharsets.UTF_8).contains("Apache License");
        assertThat(folder.resolve("README.md")).isNotEmptyFile();

        JsonNode manifest = new ObjectMapper().readTree(folder.resolve("manifest.json").toFile());
        assertThat(manifest.path("name").asText()).isEqualTo(plugin);
        assertThat(manifest.path("version").asText()).isEqualTo(VERSION);
        List<String> components = new ArrayList<>();
        manifest.path("component_classes").forEach(c -> components.add(c.asText()));
        assertThat(components).contains(connectorClass);

        List<String> jars = jarNames(folder.resolve("lib"));
        assertThat(jars).contains(plugin + "-" + VERSION + ".jar", "pkuse-common-headers-" + VERSION + ".jar",
                "pkuse-status-reporter-" + VERSION + ".jar", "pkuse-connect-common-" + VERSION + ".jar");
        assertThat(jars).anyMatch(j -> j.startsWith(mustCarry));
        assertThat(jars).noneMatch(j -> j.startsWith(mustNotCarry));
        assertThat(jars).noneMatch(j -> WORKER_SUPPLIED.stream().anyMatch(j::startsWith));
        assertThat(jars.stream().filter(j -> j.startsWith("jackson-core-"))).hasSize(1);

        // service_load discovery: the connector jar names its connector, and the class is in the jar.
        try (JarFile jar = new JarFile(folder.resolve("lib").resolve(plugin + "-" + VERSION + ".jar").toFile())) {
            List<String> services = serviceEntries(jar, serviceType);
            assertThat(services).contains(connectorClass);
            for (String service : services) {
                assertThat(jar.getEntry(service.replace('.', '/') + ".class")).as(service).isNotNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pkuse-hbase-source", "pkuse-jdbc-sink"})
    void zipHoldsTheSameFolder(String plugin) throws Exception {
        Path zip = DIST.resolve(plugin + "-" + VERSION + ".zip");
        assertThat(zip).isRegularFile();

        Set<String> inZip = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Collections.list(file.entries()).stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName)
                    .forEach(inZip::add);
        }
        Path folder = DIST.resolve("plugins").resolve(plugin);
        Set<String> inFolder;
        try (Stream<Path> files = Files.walk(folder)) {
            inFolder = files.filter(Files::isRegularFile)
                    .map(p -> plugin + "/" + folder.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(inZip).isEqualTo(inFolder);
    }

    private static List<String> jarNames(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<String> serviceEntries(JarFile jar, String serviceType) throws IOException {
        ZipEntry entry = jar.getEntry("META-INF/services/" + serviceType);
        assertThat(entry).as("META-INF/services/" + serviceType).isNotNull();
        List<String> classes = new ArrayList<>();
        try (InputStream in = jar.getInputStream(entry)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.replaceAll("#.*", "").trim();
                if (!name.isEmpty()) {
                    classes.add(name);
                }
            }
        }
        return classes;
    }
}
