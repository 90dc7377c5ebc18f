package org.pkuse.connect.quickstart;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 * {@code --target hbase} another HBase table through the HBase sink. Stays up for more connectors until Ctrl-C.
 */
@Command(name = "quickstart.sh", mixinStandardHelpOptions = true,
        description = "Run pkuse-connect locally: Kafka, Connect (REST), HBase, MariaDB and the seed job"
                + " (into MariaDB; --target hbase: into another HBase table).")
public final class Quickstart implements Callable<Integer> {

    static final String TABLE = "default:test_employee01_2021_06_17";
    static final String FAMILY = "info";
    static final String DATABASE = "test03";
    static final String TASK_ID = "100003";

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
        Path plugins = project.resolve("distribution/target/plugins");
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
        stack.start(port, plugins, state, target);
        SampleTable.load(stack.hbase(), TABLE, FAMILY, rows);
        stack.step("Sample table", TABLE + " with " + rows + " rows");
        if (stack.mariaDb() != null) {
            stack.mariaDb().recreateDatabase(DATABASE);
        }
        stack.kafka().createTopic("pkuse_status", 1);
        stack.kafka().createTopic("default_test_employee01_2021_06_17", 1);

        ExampleConfigs.Addresses local = new ExampleConfigs.Addresses(stack.hbase().zkQuorum(),
                stack.hbase().zkPort(), stack.kafka().bootstrapServers(),
                stack.mariaDb() == null ? null : stack.mariaDb().host() + ":" + stack.mariaDb().port(), null);
        ObjectNode sink = ExampleConfigs.localize(ExampleConfigs.read(target.example()), local);
        for (String file : List.of("hbasesource_connector_001.json", target.example())) {
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
        JobBoard.Job job = follow(stack.kafka().bootstrapServers());
        double seconds = (System.nanoTime() - jobStart) / 1e9;
        long inTable = target == Target.HBASE ? showHBaseRows(stack, hbaseTable(sink)) : showRows(stack);
        boolean ok = job != null && job.sink().stage() == Stage.END && inTable == rows;
        out.printf(Locale.ROOT, "%nJob %s %s in %.1f s (%.0f rows/s); %.1f s from start-up to the last row.%n",
                TASK_ID, ok ? "ended" : "did NOT end well", seconds, rows / Math.max(seconds, 0.001),
                (System.nanoTime() - t0) / 1e9);
        if (once) {
            // Stopped here, not in the shutdown hook: hooks run concurrently, and the state folder must not go while
            // the broker and HBase still write to it.
            stop.run();
            return ok ? 0 : 1;
        }
        printUsage(stack, sink.path("name").asText());
        stopped.await();
        return 0;
    }

    /** Live progress per side from the status topic, until the sink ends or a side fails. */
    private JobBoard.Job follow(String bootstrap) throws Exception {
        JobBoard board = new JobBoard();
        boolean ansi = System.console() != null;
        long deadline = System.nanoTime() + timeout.toNanos();
        int printed = 0;
        try (StatusFeed feed = new StatusFeed(bootstrap, Map.of(), "pkuse_status", true, Duration.ofSeconds(30))) {
            while (System.nanoTime() < deadline) {
                feed.poll(Duration.ofMillis(500)).forEach(board::apply);
                JobBoard.Job job = board.job(TASK_ID);
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
        return board.job(TASK_ID);
    }

    private static String bar(JobView side) {
        int width = 30;
        int filled = (int) Math.round(side.progress() * width);
        String stage = side.stage() == null ? "waiting" : side.stage().wireName();
        return String.format(Locale.ROOT, "  %-6s [%s%s] %9s/%-9s %-10s %8.0f rows/s", side.side().wireName(),
                "#".repeat(filled), ".".repeat(width - filled), side.processed() == null ? "0" : side.processed(),
                side.predictedTotal() == null ? "?" : side.predictedTotal(), stage, side.rate());
    }

    /** A few rows of the target table, and how many it holds. */
    private long showRows(LocalStack stack) throws SQLException {
        try (Connection c = stack.mariaDb().connect(DATABASE); Statement s = c.createStatement()) {
            long count;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM employee01_2021_06_17")) {
                rs.next();
                count = rs.getLong(1);
            }
            out.println("\nMariaDB " + DATABASE + ".employee01_2021_06_17: " + count + " rows; the first five:");
            try (ResultSet rs = s.executeQuery("SELECT * FROM employee01_2021_06_17 ORDER BY id LIMIT 5")) {
                ResultSetMetaData meta = rs.getMetaData();
                StringBuilder header = new StringBuilder("  ");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    header.append(String.format(Locale.ROOT, "%-14s", meta.getColumnName(i)));
                }
                out.println(header);
                while (rs.next()) {
                    StringBuilder row = new StringBuilder("  ");
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(String.format(Locale.ROOT, "%-14s", rs.getString(i)));
                    }
                    out.println(row);
                }
            }
            return count;
        } catch (SQLException e) {
            out.println("\nCould not read the target table: " + e.getMessage());
            return -1;
        }
    }

    /** The HBase sink's table, {@code namespace:table}, as its config names it. */
    private static String hbaseTable(ObjectNode sink) {
        return sink.path("config").path("pkuse.hbase.namespace").asText("default") + ":"
                + sink.path("config").path("pkuse.hbase.table.name").asText();
    }

    /** A few rows of the HBase sink's table (cells as UTF-8 text, the example's string encoding), and how many. */
    private long showHBaseRows(LocalStack stack, String table) {
        try {
            long count = stack.hbase().count(table);
            out.println("\nHBase " + table + ": " + count + " rows; the first five by row key:");
            for (Map.Entry<String, Map<String, byte[]>> row : stack.hbase().scan(table, 5).entrySet()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s", row.getKey()));
                row.getValue().forEach((column, value) -> line.append(String.format(Locale.ROOT, "%s=%-12s ",
                        column, new String(value, StandardCharsets.UTF_8))));
                out.println(line.toString().stripTrailing());
            }
            return count;
        } catch (RuntimeException e) {
            out.println("\nCould not read the target table " + table + ": " + e.getMessage());
            return -1;
        }
    }

    private void printUsage(LocalStack stack, String sinkName) {
        String rest = stack.rest().baseUrl();
        out.println();
        out.println("The stack stays up; Ctrl-C stops it" + (keep ? "." : " and removes " + state + "."));
        out.println("  Connect REST      " + rest);
        out.println("  Kafka             " + stack.kafka().bootstrapServers());
        out.println("  HBase ZooKeeper   " + stack.hbase().zkQuorum() + ":" + stack.hbase().zkPort());
        if (stack.mariaDb() != null) {
            out.println("  MariaDB           jdbc:mysql://" + stack.mariaDb().host() + ":" + stack.mariaDb().port()
                    + "/" + DATABASE + "  (root/root)");
        }
        out.println();
        out.println("Try:");
        out.println("  curl -s " + rest + "/connectors?expand=status");
        out.println("  curl -s " + rest + "/connectors/" + sinkName + "/status");
        out.println("  curl -s -X PUT -H 'Content-Type: application/json' --data @my-config.json "
                + rest + "/connector-plugins/HBaseSourceConnector/config/validate");
        out.println("  curl -s -X POST -H 'Content-Type: application/json' --data @my-connector.json "
                + rest + "/connectors");
        out.println("  curl -s -X DELETE " + rest + "/connectors/hbasesource_connector_001");
        out.println("  distribution/target/pkuse-status/bin/pkuse-status watch --from-beginning -b "
                + stack.kafka().bootstrapServers());
        out.println("In your connector JSON use pkuse.hbase.ip=" + stack.hbase().zkQuorum() + ", pkuse.hbase.port="
                + stack.hbase().zkPort() + ", org.pkuse.kafka.broker=" + stack.kafka().bootstrapServers()
                + (stack.mariaDb() == null ? ""
                        : ", connection.url=jdbc:mysql://" + stack.mariaDb().host() + ":" + stack.mariaDb().port()
                                + "/" + DATABASE));
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
