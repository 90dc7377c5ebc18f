package org.pkuse.connect.localstack;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pkuse.connect.testkit.hbase.HBaseServerInfo;

/**
 * The child JVM behind {@link HBaseCluster} and its line protocol: one JSON command a line on its stdin, one JSON
 * reply a line on its stdout ({@code ok} with a {@code result}, or an {@code error}). Its log and stderr go to files
 * that the error messages name.
 */
final class HBaseServerProcess {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader replies;
    private final Path logFile;
    private final Path errFile;

    private HBaseServerProcess(Process process, Path logFile, Path errFile) {
        this.process = process;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.logFile = logFile;
        this.errFile = errFile;
    }

    /** Starts the server on {@code dir}, its log in {@code logFile} and its stderr in {@code errFile}. */
    static HBaseServerProcess start(Path dir, Path logFile, Path errFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-cp");
        command.add(serverClassPath());
        command.add(HBaseServerInfo.MAIN_CLASS);
        command.add(dir.toString());
        command.add(logFile.toString());
        Process process = new ProcessBuilder(ChildCommand.ignoringInterrupt(command))
                .redirectError(errFile.toFile())
                .start();
        return new HBaseServerProcess(process, logFile, errFile);
    }

    /** The server's class path: its own classes plus the class path Maven wrote when it built them. */
    static String serverClassPath() throws IOException {
        try (InputStream in = HBaseServerInfo.class.getResourceAsStream(HBaseServerInfo.CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("META-INF/pkuse-hbase-server.classpath is missing: build the "
                        + "test-support-hbase module first");
            }
            String deps = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String own = Path.of(HBaseServerInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            return own + File.pathSeparator + deps;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A command for {@link #call}: {@code {"op": name}}, to which the caller adds its arguments. */
    static ObjectNode op(String name) {
        return JSON.createObjectNode().put("op", name);
    }

    /** The next reply's result, waiting at most {@code timeoutSeconds} (the server is killed when none comes). */
    JsonNode readReply(long timeoutSeconds) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return replies.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String text;
        try {
            text = line.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("HBase server gave no answer within " + timeoutSeconds + " s; see "
                    + logFile, e);
        }
        if (text == null) {
            throw new IllegalStateException("HBase server exited (code " + exitCode() + "); see " + logFile
                    + " and " + errFile);
        }
        try {
            JsonNode reply = JSON.readTree(text);
            if (!reply.path("ok").asBoolean()) {
                throw new IllegalStateException("HBase server: " + reply.path("error").asText());
            }
            return reply.path("result");
        } catch (IOException e) {
            throw new IllegalStateException("HBase server sent '" + text + "'", e);
        }
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Sends {@code command} and returns its reply's result; one command at a time. */
    synchronized JsonNode call(ObjectNode command, long timeoutSeconds) {
        try {
            commands.write(JSON.writeValueAsString(command));
            commands.newLine();
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("HBase server is gone", e);
        }
        return readReply(timeoutSeconds);
    }

    /** Asks the server to stop; kills it when it has not exited within 30 s. */
    void stop() {
        try {
            commands.write("{\"op\":\"stop\"}");
            commands.newLine();
            commands.flush();
            commands.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
