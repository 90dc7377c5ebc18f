package org.pkuse.connect.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Connect REST API as a user's curl sees it: plain HTTP and JSON. */
public class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ConnectRest(String baseUrl) {
        this(() -> baseUrl);
    }

    /** A client whose address is looked up for every call, so it follows a cluster whose workers come and go. */
    public ConnectRest(Supplier<String> baseUrl) {
        this.baseUrl = () -> {
            String url = baseUrl.get();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        };
    }

    public String baseUrl() {
        return baseUrl.get();
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(json(body)).header("Content-Type", "application/json"));
    }

    public Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(json(body)).header("Content-Type", "application/json"));
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}. */
    public Validation validate(String connectorClass, Map<String, String> config) {
        Map<String, String> body = new LinkedHashMap<>(config);
        body.put("connector.class", connectorClass);
        String simpleName = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        Response r = put("/connector-plugins/" + simpleName + "/config/validate", body);
        if (r.status() != 200) {
            throw new IllegalStateException("validate answered " + r.status() + ": " + r.body());
        }
        return new Validation(r.body());
    }

    /** {@code POST /connectors} with a name and config, as a scheduler does; fails unless 201. */
    public JsonNode createConnector(String name, Map<String, String> config) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.set("config", JSON.valueToTree(config));
        Response r = post("/connectors", body);
        if (r.status() != 201) {
            throw new IllegalStateException("POST /connectors answered " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    /** {@code POST /connectors} with a file's JSON as it is. */
    public Response createConnector(JsonNode request) {
        return post("/connectors", request);
    }

    public void deleteConnector(String name) {
        Response r = delete("/connectors/" + name);
        if (r.status() != 204 && r.status() != 404) {
            throw new IllegalStateException("DELETE /connectors/" + name + " answered " + r.status() + ": " + r.body());
        }
    }

    public JsonNode status(String name) {
        return get("/connectors/" + name + "/status").body();
    }

    public void restartTask(String name, int task) {
        Response r = post("/connectors/" + name + "/tasks/" + task + "/restart", null);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("task restart answered " + r.status() + ": " + r.body());
        }
    }

    public void restartConnectorAndTasks(String name) {
        Response r = post("/connectors/" + name + "/restart?includeTasks=true&onlyFailed=false", null);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("restart answered " + r.status() + ": " + r.body());
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl() + (path.startsWith("/") ? path : "/" + path));
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
            return new Response(r.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, JsonNode body) {
    }

    /** The answer of a config validation, by key. */
    public record Validation(JsonNode body) {

        public int errorCount() {
            return body.path("error_count").asInt();
        }

        /** Every key with at least one error, and its messages. */
        public Map<String, List<String>> errors() {
            Map<String, List<String>> errors = new LinkedHashMap<>();
            for (JsonNode config : body.path("configs")) {
                JsonNode value = config.path("value");
                List<String> messages = new ArrayList<>();
                value.path("errors").forEach(m -> messages.add(m.asText()));
                if (!messages.isEmpty()) {
                    errors.put(value.path("name").asText(), messages);
                }
            }
            return errors;
        }
    }
}
