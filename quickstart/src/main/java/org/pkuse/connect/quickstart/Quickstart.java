package org.pkuse.connect.quickstart;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pkuse.connect.localstack.ConnectRest;
import org.pkuse.connect.localstack.ExampleConfigs;
import org.pkuse.connect.localstack.Folders;
import org.pkuse.connect.localstack.SchemaRegistry;
import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.client.DurationText;
import org.pkuse.connect.status.client.JobBoard;
import org.pkuse.connect.status.client.JobView;
import org.pkuse.connect.status.client.StatusFeed;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The quickstart: a whole local stack, the seed job from {@code config-examples/} POSTed as users POST it, live
 * progress from {@code pkuse_status}, then the rows in the target: MariaDB through the JDBC sink, or with
 * {@code --target hbase} another HBase table through the HBase sink; {@code --source jdbc} reads a MariaDB table
 * with the JDBC source instead of HBase ({@link SeedJob}); {@code --avro} puts keys and values in Avro through
 * Apicurio Registry, the worker set up as {@code config-examples/worker/connect-avro-distributed.properties} says.
 * Stays up for more connectors until Ctrl-C.
 */
@Command(name = "quickstart.sh", mixinStandardHelpOptions = true,
        description = "Run pkuse-connect locally: Kafka, Connect (REST), HBase, MariaDB and the seed job"
                + " (into MariaDB; --target hbase: into another HBase table; --source jdbc: MariaDB to MariaDB;"
                + " --avro: keys and values in Avro through a schema registry).")
public final class Quickstart implements Callable<Integer> {

    static final String TABLE = "default:test_employee01_2021_06_17";
    static final String FAMILY = "info";

    @Option(names = "--rows", defaultValue = "10000", description = "Rows in the sample HBase table (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--port", defaultValue = "8083", description = "Connect REST port (default: ${DEFAULT-VALUE}).")
    int port;

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

    @Option(names = "--keep", description = "Keep the state folder on exit.")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "10m", description = "How long the job may take (default: ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration timeout;

    @Option(names = "--state", required = true, description = "Folder for all state; removed on exit unless --keep.")
    Path state;

    @Option(names = "--project", defaultValue = ".", description = "The pkuse-connect checkout.")
    Path project;

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new Quickstart()).execute(args));
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
        LocalStack stack = new LocalStack(out);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                out.println("\nStopping ...");
                stack.close();
                if (!keep) {
                    Folders.deleteQuietly(state);
                }
            }
            stopped.countDown();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "quickstart-stop"));

        out.println("pkuse-connect quickstart (state in " + state + (keep ? ", kept" : ", removed on exit") + ")");
        long t0 = System.nanoTime();
        try {
            stack.start(port, project, state, job, avro);
        } catch (LocalStack.AvroUnavailable e) {
            out.println(e.getMessage());
            if (!keep && Files.exists(state.resolve("registry/registry.out"))) {
                out.println("Run with --keep to read it: the state folder is removed on exit.");
            }
            stop.run();
            return 2;
        }
        if (job.readsHBase()) {
            SampleTable.load(stack.hbase(), TABLE, FAMILY, rows);
            stack.step("Sample table", TABLE + " with " + rows + " rows");
        } else {
            SampleOrders.load(stack.mariaDb(), rows);
            stack.step("Sample table", "MariaDB " + SampleOrders.DATABASE + "." + SampleOrders.TABLE + " with " + rows
                    + " rows");
        }
        ObjectNode sink = ExampleConfigs.read(job.sinkExample());
        if (!job.writesHBase()) {
            stack.mariaDb().recreateDatabase(TargetRows.database(sink));
        }
        stack.kafka().createTopic("pkuse_status", 1);
        stack.kafka().createTopic(job.topic(), 1);

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
                stop.run();
                return 1;
            }
        }
        long jobStart = System.nanoTime();
        JobBoard.Job done = follow(stack.kafka().bootstrapServers(), job.taskId());
        double seconds = (System.nanoTime() - jobStart) / 1e9;
        TargetRows result = new TargetRows(stack, out);
        long inTable = job.writesHBase() ? result.showHBase(TargetRows.hbaseTable(sink)) : result.showMariaDb(sink);
        if (stack.registry() != null) {
            out.println("Schemas in the registry: " + subjects(stack.registry(), job.topic()));
        }
        boolean ok = done != null && done.sink().stage() == Stage.END && inTable == rows;
        out.printf(Locale.ROOT, "%nJob %s %s in %.1f s (%.0f rows/s); %.1f s from start-up to the last row.%n",
                job.taskId(), ok ? "ended" : "did NOT end well", seconds, rows / Math.max(seconds, 0.001),
                (System.nanoTime() - t0) / 1e9);
        if (once) {
            // Stopped here, not in the shutdown hook: hooks run concurrently, and the state folder must not go while
            // the broker and HBase still write to it.
            stop.run();
            return ok ? 0 : 1;
        }
        printUsage(stack, sink.path("name").asText(), job);
        stopped.await();
        return 0;
    }

    /** Live progress per side from the status topic, until the sink ends or a side fails. */
    private JobBoard.Job follow(String bootstrap, String taskId) throws Exception {
        JobBoard board = new JobBoard();
        boolean ansi = System.console() != null;
        long deadline = System.nanoTime() + timeout.toNanos();
        int printed = 0;
        try (StatusFeed feed = new StatusFeed(bootstrap, Map.of(), "pkuse_status", true, Duration.ofSeconds(30))) {
            while (System.nanoTime() < deadline) {
                feed.poll(Duration.ofMillis(500)).forEach(board::apply);
                JobBoard.Job job = board.job(taskId);
                if (job == null) {
                    continue;
                }
                if (ansi && printed > 0) {
                    out.print("\033[" + printed + "A");
                }
                printed = 0;
                for (JobView side : List.of(job.source(), job.sink())) {
                    out.println(bar(side));
                    printed++;
                }
                boolean failed = job.source().stage() == Stage.ERROR || job.sink().stage() == Stage.ERROR;
                if (job.sink().stage() == Stage.END || failed) {
                    for (JobView side : List.of(job.source(), job.sink())) {
                        if (side.error() != null) {
                            out.println(side.side().wireName() + " error: " + side.error());
                        }
                    }
                    return job;
                }
                if (!ansi) {
                    Thread.sleep(1500);
                }
            }
        }
        out.println("The job did not end within " + timeout.toSeconds() + " s");
        return board.job(taskId);
    }

    /** The job topic's subjects ({@code <topic>-key}, {@code <topic>-value}) with their version counts. */
    private static String subjects(SchemaRegistry registry, String topic) {
        List<String> found = new ArrayList<>();
        registry.subjects().forEach((subject, versions) -> {
            if (subject.startsWith(topic + "-")) {
                found.add(subject + " (" + versions + (versions == 1 ? " version)" : " versions)"));
            }
        });
        return found.isEmpty() ? "none for " + topic : String.join(", ", found);
    }

    private static String bar(JobView side) {
        int width = 30;
        int filled = (int) Math.round(side.progress() * width);
        String stage = side.stage() == null ? "waiting" : side.stage().wireName();
        return String.format(Locale.ROOT, "  %-6s [%s%s] %9s/%-9s %-10s %8.0f rows/s", side.side().wireName(),
                "#".repeat(filled), ".".repeat(width - filled), side.processed() == null ? "0" : side.processed(),
                side.predictedTotal() == null ? "?" : side.predictedTotal(), stage, side.rate());
    }

    private void printUsage(LocalStack stack, String sinkName, SeedJob job) {
        String rest = stack.rest().baseUrl();
        out.println();
        out.println("The stack stays up; Ctrl-C stops it" + (keep ? "." : " and removes " + state + "."));
        out.println("  Connect REST      " + rest);
        out.println("  Kafka             " + stack.kafka().bootstrapServers());
        if (stack.hbase() != null) {
            out.println("  HBase ZooKeeper   " + stack.hbase().zkQuorum() + ":" + stack.hbase().zkPort());
        }
        if (stack.mariaDb() != null) {
            out.println("  MariaDB           jdbc:mysql://" + stack.mariaDb().host() + ":" + stack.mariaDb().port()
                    + "  (root/root)");
        }
        if (stack.registry() != null) {
            out.println("  Schema registry   " + stack.registry().url() + "  (Confluent API "
                    + stack.registry().confluentUrl() + ")");
        }
        out.println();
        out.println("Try:");
        out.println("  curl -s " + rest + "/connectors?expand=status");
        out.println("  curl -s " + rest + "/connectors/" + sinkName + "/status");
        out.println("  curl -s -X PUT -H 'Content-Type: application/json' --data @my-config.json "
                + rest + "/connector-plugins/" + job.sourceClass().substring(job.sourceClass().lastIndexOf('.') + 1)
                + "/config/validate");
        out.println("  curl -s -X POST -H 'Content-Type: application/json' --data @my-connector.json "
                + rest + "/connectors");
        out.println("  curl -s -X DELETE " + rest + "/connectors/"
                + ExampleConfigs.read(job.sourceExample()).path("name").asText());
        if (stack.registry() != null) {
            out.println("  curl -s " + stack.registry().confluentUrl() + "/subjects/" + job.topic()
                    + "-value/versions/latest");
        }
        out.println("  distribution/target/pkuse-status/bin/pkuse-status watch --from-beginning -b "
                + stack.kafka().bootstrapServers());
        out.println("In your connector JSON use " + (stack.hbase() == null ? "" : "pkuse.hbase.ip="
                + stack.hbase().zkQuorum() + ", pkuse.hbase.port=" + stack.hbase().zkPort() + ", ")
                + "org.pkuse.kafka.broker=" + stack.kafka().bootstrapServers() + (stack.mariaDb() == null ? ""
                : ", connection.url=jdbc:mysql://" + stack.mariaDb().host() + ":" + stack.mariaDb().port()
                        + "/<database>"));
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
