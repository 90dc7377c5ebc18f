package org.pkuse.connect.status.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pkuse-status rerun}: runs a pkuse source connector's job again, on purpose. It stops the connector, writes
 * its job's source offset as {@code {"rerun": n}} (one more than the last rerun) and resumes it: the job runs from
 * its start, with the same {@code taskId}, its records carry the header {@code pkuseRerun=n}, and a pkuse sink keeps
 * them apart from the earlier runs; each side sends its own {@code start} and {@code end} for the rerun. Needs the
 * offsets API of Kafka Connect 3.6+.
 */
@Command(name = "rerun", description = "Run a pkuse source connector's job again: stop the connector, mark its "
        + "offset as the next rerun, resume it (Kafka Connect 3.6+). Then follow it with 'wait'.")
final class Rerun implements Callable<Integer> {

    @ParentCommand
    StatusCli cli;

    @Option(names = "--connector", required = true, description = "The source connector's name.")
    String connector;

    @Option(names = "--connect-url", defaultValue = "${env:PKUSE_CONNECT_URL:-http://localhost:8083}",
            description = "A Connect worker's REST URL (default: $PKUSE_CONNECT_URL or ${DEFAULT-VALUE}).")
    String connectUrl;

    @Option(names = "--timeout", defaultValue = "2m", description = "How long each step may take (default: "
            + "${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        ConnectClient rest = new ConnectClient(connectUrl);
        String path = "/connectors/" + connector;
        ConnectClient.Response info = rest.get(path);
        if (!info.ok()) {
            return fail("no connector '" + connector + "' at " + connectUrl + ": " + info.message());
        }
        JsonNode config = info.body().path("config");
        String jobId = config.path("pkuse.task.id").asText("");
        if (!config.path("connector.class").asText("").endsWith("HBaseSourceConnector") || jobId.isBlank()) {
            return fail("'" + connector + "' is not a pkuse source connector with a pkuse.task.id");
        }
        ObjectNode partition = ConnectClient.object().put("table", config.path("pkuse.hbase.namespace")
                .asText("default") + ":" + config.path("pkuse.hbase.table.name").asText()).put("job", jobId);
        ConnectClient.Response offsets = rest.get(path + "/offsets");
        if (!offsets.ok()) {
            return fail("cannot read the offsets of '" + connector + "' (Kafka Connect 3.6+ needed): "
                    + offsets.message());
        }
        long rerun = 1 + lastRerun(offsets.body(), partition);

        ConnectClient.Response stop = rest.put(path + "/stop");
        if (!stop.ok()) {
            return fail("cannot stop '" + connector + "': " + stop.message());
        }
        if (!awaitState(rest, path, "STOPPED")) {
            return fail("'" + connector + "' did not stop within " + timeout.toSeconds() + " s");
        }
        ObjectNode body = ConnectClient.object();
        ArrayNode list = body.putArray("offsets");
        list.addObject().<ObjectNode>set("partition", partition).putObject("offset").put("rerun", rerun);
        ConnectClient.Response patch = rest.patch(path + "/offsets", body);
        if (!patch.ok()) {
            rest.put(path + "/resume");
            return fail("cannot write the offset of '" + connector + "': " + patch.message()
                    + " (the connector was resumed as it was)");
        }
        ConnectClient.Response resume = rest.put(path + "/resume");
        if (!resume.ok() || !awaitState(rest, path, "RUNNING")) {
            return fail("'" + connector + "' did not resume: " + resume.message());
        }
        cli.out.println("job " + jobId + " runs again as rerun " + rerun + " (connector " + connector
                + "); follow it with: pkuse-status wait --task " + jobId);
        return StatusCli.OK;
    }

    /** The highest rerun number in the job's stored offset; 0 when it has none. */
    static long lastRerun(JsonNode offsets, JsonNode partition) {
        long last = 0;
        for (JsonNode o : offsets.path("offsets")) {
            if (partition.equals(o.path("partition"))) {
                last = Math.max(last, o.path("offset").path("rerun").asLong(0));
            }
        }
        return last;
    }

    private boolean awaitState(ConnectClient rest, String path, String state) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ConnectClient.Response status = rest.get(path + "/status");
            if (status.ok() && state.equals(status.body().path("connector").path("state").asText())) {
                return true;
            }
            Thread.sleep(300);
        }
        return false;
    }

    private int fail(String message) {
        cli.err.println("pkuse-status: " + message);
        return StatusCli.FAILED;
    }
}
