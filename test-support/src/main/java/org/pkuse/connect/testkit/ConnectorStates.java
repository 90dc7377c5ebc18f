package org.pkuse.connect.testkit;

import java.time.Duration;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Waits on {@code GET /connectors/{name}/status} of any Connect cluster reached over REST, so that a cluster of
 * separate worker JVMs waits exactly as the in-process one does.
 */
public final class ConnectorStates {

    private ConnectorStates() {
    }

    /** Waits until the connector and {@code tasks} tasks report RUNNING; returns that status. */
    public static JsonNode awaitRunning(ConnectRest rest, String connector, int tasks, Duration timeout) {
        return await(rest, connector, timeout, "connector and " + tasks + " task(s) RUNNING", s ->
                "RUNNING".equals(s.path("connector").path("state").asText())
                        && s.path("tasks").size() == tasks
                        && allTasks(s, "RUNNING"));
    }

    /** Waits until the status satisfies {@code condition}; the failure names {@code what} and the last status. */
    public static JsonNode await(ConnectRest rest, String connector, Duration timeout, String what,
                                 Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        Wait.until(() -> "connector " + connector + ": " + what + "; last status " + last[0], timeout, () -> {
            ConnectRest.Response r = rest.get("/connectors/" + connector + "/status");
            last[0] = r.body();
            return r.status() == 200 && condition.test(r.body());
        });
        return last[0];
    }

    public static boolean allTasks(JsonNode status, String state) {
        for (JsonNode task : status.path("tasks")) {
            if (!state.equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** A connector's state and its tasks' states, with the first line of a failed task's trace. */
    public static String describe(JsonNode status) {
        StringBuilder s = new StringBuilder(status.path("connector").path("state").asText())
                .append(" on ").append(status.path("connector").path("worker_id").asText()).append(", tasks [");
        for (JsonNode task : status.path("tasks")) {
            s.append(task.path("id").asInt()).append(':').append(task.path("state").asText()).append('@')
                    .append(task.path("worker_id").asText());
            String trace = task.path("trace").asText("");
            if (!trace.isEmpty()) {
                s.append(" (").append(trace.lines().findFirst().orElse("")).append(')');
            }
            s.append(' ');
        }
        return s.append(']').toString();
    }

    /** {@link #describe} of the connector's current status, or why it could not be read. */
    public static String describe(ConnectRest rest, String connector) {
        try {
            return connector + ' ' + describe(rest.status(connector));
        } catch (RuntimeException e) {
            return connector + " status unavailable (" + e.getMessage() + ")";
        }
    }
}
