package org.pkuse.connect.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry (a Quarkus fast-jar, in-memory storage) in a JVM of its own, bound to 127.0.0.1 on free ports:
 * the schema registry of the Avro converter, with Confluent's API under {@code /apis/ccompat/v7}. It needs Java 21+
 * ({@link NewerJava}); it dies with this JVM ({@link ParentWatch}), leaves a terminal's Ctrl-C to this JVM
 * ({@link ChildCommand#ignoringInterrupt}); its output goes to a file in its folder.
 */
public final class SchemaRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistry.class);
    /** Quarkus' runner, the fast-jar's Main-Class. */
    private static final String MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int port;
    private final Process process;

    private SchemaRegistry(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts the registry unpacked in {@code home} (the folder holding {@code quarkus-run.jar}), its output in
     * {@code dir}; returns once it reports ready.
     */
    public static SchemaRegistry start(Path home, Path dir, Duration timeout) {
        Path runner = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException("No Apicurio Registry at " + home + " (no quarkus-run.jar): build the "
                    + "schema-registry module first (mvn -pl schema-registry package)");
        }
        Path javaBin = NewerJava.find(21);
        int port = FreePort.find();
        int management = FreePort.find();
        while (management == port) {
            management = FreePort.find();
        }
        try {
            Files.createDirectories(dir);
            Path own = Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xms64m", "-Xmx384m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    // health and metrics are on a management port of their own (all interfaces, 9000, by default)
                    "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + management,
                    "-Dquarkus.http.access-log.enabled=false", "-Dquarkus.log.level=WARN",
                    "-cp", runner + File.pathSeparator + own, ParentWatch.class.getName(), MAIN));
            long started = System.nanoTime();
            Process process = new ProcessBuilder(ChildCommand.ignoringInterrupt(command)).directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.out").toFile())).start();
            SchemaRegistry registry = new SchemaRegistry(dir, port, process);
            registry.awaitReady(management, timeout);
            log.info("Schema registry (Apicurio) up on {} in {} ms (Java {})", registry.url(),
                    (System.nanoTime() - started) / 1_000_000, javaBin);
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(int management, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The schema registry exited (" + process.exitValue() + "); see "
                        + dir.resolve("registry.out"));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The schema registry was not ready within " + timeout.toSeconds()
                + " s; see " + dir.resolve("registry.out"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The registry's root, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The v2 API, which the Apicurio 2.x converter speaks ({@code apicurio.registry.url}). */
    public String v2Url() {
        return url() + "/apis/registry/v2";
    }

    /** Confluent's API ({@code schema.registry.url} of Confluent's serializers and converters). */
    public String confluentUrl() {
        return url() + "/apis/ccompat/v7";
    }

    /**
     * Every subject of the Confluent API with its number of versions ({@code GET /subjects}, then
     * {@code GET /subjects/<subject>/versions}), e.g. {@code orders-value=1}.
     */
    public Map<String, Integer> subjects() {
        Map<String, Integer> versions = new TreeMap<>();
        // Subjects are <topic>-key and <topic>-value here, and topic names need no escaping in a URL.
        for (JsonNode subject : get(confluentUrl() + "/subjects")) {
            versions.put(subject.asText(), get(confluentUrl() + "/subjects/" + subject.asText() + "/versions").size());
        }
        return versions;
    }

    private static JsonNode get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + url, e);
        }
    }

    /** SIGTERM (Quarkus shuts down in about 2 s), SIGKILL after 20 s; its folder stays (the output). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
