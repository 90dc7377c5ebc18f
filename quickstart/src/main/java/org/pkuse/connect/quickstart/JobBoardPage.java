package org.pkuse.connect.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.pkuse.connect.status.client.StatusFeed;
import org.pkuse.connect.status.client.board.BoardServer;

/**
 * The job board of {@code pkuse-status serve}, served by the quickstart on this machine while the stack runs: the seed
 * job and every job a user POSTs, live in a browser.
 */
final class JobBoardPage implements AutoCloseable {

    static final String TOPIC = "pkuse_status";
    private static final String HOST = "127.0.0.1"; // the board has no login: this machine only

    private final BoardServer server;

    private JobBoardPage(BoardServer server) {
        this.server = server;
    }

    /**
     * Starts the board on {@code port} (0: a free one), on a free one when that is taken; null for port -1 or when it
     * cannot start, which the console then says: the stack runs on without it.
     */
    static JobBoardPage start(String bootstrap, int port, PrintStream out) {
        if (port < 0) {
            return null;
        }
        try {
            JobBoardPage page;
            try {
                page = new JobBoardPage(serve(bootstrap, port));
            } catch (BindException e) {
                page = new JobBoardPage(serve(bootstrap, 0));
                out.println("Port " + port + " is taken; the job board is on another.");
            }
            out.println("Job board: " + page.url() + " (every job on " + TOPIC + ", live)");
            return page;
        } catch (IOException | RuntimeException e) {
            out.println("No job board: " + e.getMessage());
            return null;
        }
    }

    private static BoardServer serve(String bootstrap, int port) throws IOException {
        StatusFeed feed = new StatusFeed(bootstrap, Map.of(), TOPIC, true, Duration.ofSeconds(30));
        return BoardServer.start(new InetSocketAddress(HOST, port), feed, TOPIC);
    }

    String url() {
        return "http://" + HOST + ":" + server.address().getPort() + "/";
    }

    @Override
    public void close() {
        server.close();
    }
}
