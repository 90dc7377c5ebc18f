package org.pkuse.connect.status.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

import org.pkuse.connect.status.client.StatusFeed;
import org.pkuse.connect.status.client.board.BoardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pkuse-status serve}: the job board, a page that shows every job of the status topic live in a browser. It
 * runs until Ctrl-C (or until its thread is interrupted, as a test stops it).
 */
@Command(name = "serve", description = "Serve a live job board page: every job with its stage, progress, rate, "
        + "elapsed time and errors, filters, and each job's raw events. Ctrl-C stops.")
final class Serve implements Callable<Integer> {

    @ParentCommand
    StatusCli cli;

    @Mixin
    StatusCli.FeedOptions feed;

    @Option(names = "--from-beginning", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Show the jobs already on the topic (default); --no-from-beginning shows only new events.")
    boolean fromBeginning;

    @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks "
            + "a free one).")
    int port;

    // The board has no login: it stays on this machine unless asked otherwise.
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: "
            + "${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface: the board has no login).")
    String host;

    @Override
    public Integer call() throws Exception {
        try (BoardServer server = start(feed.open(fromBeginning))) {
            InetSocketAddress at = server.address();
            cli.out.println("Job board of " + feed.topic + " at http://" + at.getHostString() + ":" + at.getPort()
                    + "/ (Ctrl-C stops)");
            Thread stop = new Thread(server::close, "pkuse-status-serve-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                server.awaitClosed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                removeHook(stop);
            }
            if (server.failure() != null) {
                throw new IllegalStateException("reading " + feed.topic + " failed: " + server.failure().getMessage(),
                        server.failure());
            }
        }
        return StatusCli.OK;
    }

    private BoardServer start(StatusFeed events) throws IOException {
        try {
            return BoardServer.start(new InetSocketAddress(host, port), events, feed.topic);
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down (Ctrl-C): the hook runs or has run
        }
    }
}
