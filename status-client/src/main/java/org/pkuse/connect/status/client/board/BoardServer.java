package org.pkuse.connect.status.client.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.pkuse.connect.status.client.StatusFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job board over HTTP, on the JDK's own server: {@code /} the page (plain files from the class path),
 * {@code /events} the jobs as server-sent events, {@code /jobs/<taskId>/events} a job's raw status events as JSON.
 * Every open page holds one thread of the server for its stream.
 */
public final class BoardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoardServer.class);
    private static final String PAGE = "/org/pkuse/connect/status/client/board/";
    /** The page's files, by path; nothing else on the class path is served. */
    private static final Map<String, PageFile> FILES = Map.of(
            "/", new PageFile("index.html", "text/html; charset=utf-8"),
            "/board.css", new PageFile("board.css", "text/css; charset=utf-8"),
            "/board.js", new PageFile("board.js", "text/javascript; charset=utf-8"));
    /** The page loads nothing from elsewhere and runs no inline script: event text can never become code. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";
    private static final Pattern JOB_EVENTS = Pattern.compile("/jobs/([^/]+)/events");
    static final int EVENTS_PER_JOB = 500;

    private final HttpServer http;
    private final ExecutorService threads;
    private final LiveBoard board;
    private final Duration heartbeat;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    BoardServer(InetSocketAddress address, LiveBoard board, Duration heartbeat) throws IOException {
        this.board = board;
        this.heartbeat = heartbeat;
        this.http = HttpServer.create(address, 0);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pkuse-status-board-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        http.createContext("/", this::handle);
        http.start();
    }

    /** Serves the jobs of {@code feed} (closed with the server) at {@code address}; port 0 picks a free one. */
    public static BoardServer start(InetSocketAddress address, StatusFeed feed, String topic) throws IOException {
        LiveBoard board = new LiveBoard(topic, EVENTS_PER_JOB);
        BoardServer server;
        try {
            server = new BoardServer(address, board, Duration.ofSeconds(15));
        } catch (IOException | RuntimeException e) {
            feed.close();
            throw e;
        }
        board.follow(feed, server::close);
        return server;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** Blocks until the server is closed: by {@link #close()} (Ctrl-C) or because reading the topic failed. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Why reading the status topic failed; null when it did not. */
    public Throwable failure() {
        return board.failure();
    }

    private record PageFile(String name, String contentType) {
    }

    private void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Only GET here\n");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            Matcher job = JOB_EVENTS.matcher(path);
            if (path.equals("/events")) {
                stream(exchange);
            } else if (job.matches()) {
                String json = board.eventsOf(URLDecoder.decode(job.group(1), StandardCharsets.UTF_8));
                if (json == null) {
                    send(exchange, 404, "application/json", "[]");
                } else {
                    send(exchange, 200, "application/json", json);
                }
            } else if (FILES.containsKey(path)) {
                PageFile file = FILES.get(path);
                send(exchange, 200, file.contentType(), page(file.name()));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found\n");
            }
        } catch (IOException e) {
            log.debug("A job board request ended early: {}", e.toString()); // the browser went away
        } finally {
            exchange.close();
        }
    }

    /** The SSE stream of one page: snapshot, then updates and heartbeats, until the page or the server goes. */
    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no"); // nginx would hold the stream back otherwise
        exchange.sendResponseHeaders(200, 0);
        BoardWatcher watcher = board.watch();
        try {
            OutputStream out = exchange.getResponseBody();
            // A browser that lost the stream tries again after 2 s, and gets a fresh snapshot.
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (String message = watcher.next(heartbeat); message != null; message = watcher.next(heartbeat)) {
                out.write(message.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            board.unwatch(watcher);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String page(String name) {
        try (InputStream in = BoardServer.class.getResourceAsStream(PAGE + name)) {
            if (in == null) {
                throw new IllegalStateException("The job board's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends every page's stream, stops the server and the reading of the topic. Safe to call more than once. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        board.close();
        // The streams end now; a second lets their last bytes go out instead of cutting the connections.
        http.stop(1);
        threads.shutdownNow();
        closed.countDown();
        log.info("Job board stopped");
    }
}
