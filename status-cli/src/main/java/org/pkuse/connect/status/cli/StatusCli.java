package org.pkuse.connect.status.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.pkuse.connect.status.Stage;
import org.pkuse.connect.status.StatusEvent;
import org.pkuse.connect.status.StatusEventCodec;
import org.pkuse.connect.status.client.DurationText;
import org.pkuse.connect.status.client.JobBoard;
import org.pkuse.connect.status.client.JobState;
import org.pkuse.connect.status.client.JobView;
import org.pkuse.connect.status.client.StatusFeed;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pkuse-status}: follow pkuse jobs on the status topic. {@code wait} is what a scheduler's executor calls after
 * creating a job's connectors: exit 0 when the job's sink has ended, 1 on an error, 2 on timeout. {@code serve} shows
 * the jobs live in a browser.
 */
// INHERIT: every subcommand takes --help and --version too.
@Command(name = "pkuse-status", mixinStandardHelpOptions = true, versionProvider = StatusCli.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Follow pkuse-connect jobs on the status topic, and run a job again.",
        subcommands = {StatusCli.Watch.class, StatusCli.ListJobs.class, StatusCli.Wait.class, Rerun.class,
            Serve.class})
public final class StatusCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int TIMED_OUT = 2;
    public static final int USAGE = 64;

    PrintStream out = System.out;
    PrintStream err = System.err;

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        StatusCli cli = new StatusCli();
        cli.out = out;
        cli.err = err;
        CommandLine line = new CommandLine(cli)
                .registerConverter(Duration.class, StatusCli::parseDuration)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExitCodeExceptionMapper(e -> FAILED)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("pkuse-status: " + e.getMessage());
                    return FAILED;
                });
        line.setParameterExceptionHandler((e, a) -> {
            err.println("pkuse-status: " + e.getMessage());
            e.getCommandLine().usage(err);
            return USAGE;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return USAGE;
    }

    /** {@code 30s}, {@code 10m}, {@code 2h}, {@code 500ms}, ISO-8601 ({@code PT30S}), or plain seconds. */
    public static Duration parseDuration(String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** How {@code watch} and {@code list} print. */
    static final class OutputOptions {
        @Option(names = "--json", description = "Print JSON lines instead of a table.")
        boolean json;
    }

    /** Connection options, as in Kafka's console tools. */
    static final class FeedOptions {
        @Option(names = {"--bootstrap-server", "-b"}, defaultValue = "${env:PKUSE_STATUS_BOOTSTRAP:-localhost:9092}",
                description = "Kafka bootstrap servers (default: $PKUSE_STATUS_BOOTSTRAP or ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(names = {"--topic", "-t"}, defaultValue = "pkuse_status",
                description = "Status topic (default: ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--command-config", paramLabel = "FILE",
                description = "Client properties file (security.protocol, sasl.*, ssl.*), as for Kafka's tools.")
        Path commandConfig;

        StatusFeed open(boolean fromBeginning) throws IOException {
            return new StatusFeed(bootstrapServers, commandConfig, topic, fromBeginning, Duration.ofSeconds(30));
        }
    }

    @Command(name = "watch", description = "Live view of jobs: stage, progress, rate, elapsed, errors. Ctrl-C stops.")
    static final class Watch implements Callable<Integer> {
        @ParentCommand
        StatusCli cli;
        @Mixin
        FeedOptions feed;

        @Mixin
        OutputOptions output;

        @Option(names = "--from-beginning", description = "Start with the events already on the topic.")
        boolean fromBeginning;

        @Option(names = "--interval", defaultValue = "2s", description = "Refresh interval (default: ${DEFAULT-VALUE}).")
        Duration interval;

        @Option(names = "--duration", description = "Stop after this long (default: until interrupted).")
        Duration duration;

        @Override
        public Integer call() throws Exception {
            JobBoard board = new JobBoard();
            boolean terminal = System.console() != null && !output.json;
            long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            try (StatusFeed events = feed.open(fromBeginning)) {
                long nextDraw = 0;
                while (System.nanoTime() < deadline) {
                    for (StatusEvent e : events.poll(Duration.ofMillis(500))) {
                        board.apply(e);
                        if (output.json) {
                            cli.out.println(StatusEventCodec.toJson(e));
                        }
                    }
                    if (!output.json && System.nanoTime() >= nextDraw) {
                        if (terminal) {
                            cli.out.print("\033[H\033[2J");
                        }
                        BoardPrinter.table(board.jobs(), cli.out);
                        cli.out.println();
                        nextDraw = System.nanoTime() + interval.toNanos();
                    }
                }
            }
            return OK;
        }
    }

    @Command(name = "list", description = "Every job on the status topic with its latest state, then exit.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand
        StatusCli cli;
        @Mixin
        FeedOptions feed;

        @Mixin
        OutputOptions output;

        @Option(names = "--from-beginning", defaultValue = "true", negatable = true, fallbackValue = "true",
                description = "Read the whole topic (default); --no-from-beginning lists only new events.")
        boolean fromBeginning;

        @Option(names = "--timeout", defaultValue = "60s", description = "Give up reading after this long.")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            JobBoard board = new JobBoard();
            long deadline = System.nanoTime() + timeout.toNanos();
            try (StatusFeed events = feed.open(fromBeginning)) {
                do {
                    events.poll(Duration.ofMillis(300)).forEach(board::apply);
                } while (!events.caughtUp() && System.nanoTime() < deadline);
            }
            if (output.json) {
                BoardPrinter.json(board.jobs(), cli.out);
            } else {
                BoardPrinter.table(board.jobs(), cli.out);
            }
            return OK;
        }
    }

    @Command(name = "wait", description = "Wait for a job: exit 0 when its sink has ended (or its source ended with 0 "
            + "records), 1 on an error (printed), 2 on timeout.")
    static final class Wait implements Callable<Integer> {
        @ParentCommand
        StatusCli cli;
        @Mixin
        FeedOptions feed;

        @Mixin
        OutputOptions output;

        @Option(names = "--task", required = true, description = "The job id (pkuse.task.id).")
        String taskId;

        @Option(names = "--timeout", defaultValue = "1h", description = "How long to wait (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            JobBoard board = new JobBoard();
            long waitStarted = System.currentTimeMillis();
            long deadline = System.nanoTime() + timeout.toNanos();
            try (StatusFeed events = feed.open(true)) {
                while (System.nanoTime() < deadline) {
                    events.poll(Duration.ofMillis(300)).forEach(board::apply);
                    JobBoard.Job job = board.job(taskId);
                    Integer verdict = job == null ? null : verdict(job);
                    if (verdict != null) {
                        report(job, verdict, waitStarted);
                        return verdict;
                    }
                }
            }
            cli.err.println("pkuse-status: job " + taskId + " did not end within " + timeout.toSeconds() + " s");
            JobBoard.Job job = board.job(taskId);
            if (job != null) {
                BoardPrinter.table(List.of(job), cli.err);
            }
            return TIMED_OUT;
        }

        /** The verdict on the job's latest run, or null while it is still going. */
        static Integer verdict(JobBoard.Job job) {
            return switch (JobState.of(job)) {
                case FAILED -> FAILED;
                case ENDED -> OK;
                case RUNNING -> null;
            };
        }

        private void report(JobBoard.Job job, int verdict, long waitStarted) {
            if (output.json) {
                BoardPrinter.json(List.of(job), cli.out);
            } else if (verdict == OK) {
                JobView done = job.sink().stage() == Stage.END ? job.sink() : job.source();
                cli.out.println("job " + taskId + " ended: " + done.side().wireName() + " " + done.processed()
                        + " records in " + BoardPrinter.elapsed(done.updatedAt() - job.source().startedAt()));
                if (done.updatedAt() < waitStarted) {
                    // A scheduler that re-created the connectors to run the job again learns here that it did not.
                    cli.out.println("note: it ended " + BoardPrinter.elapsed(waitStarted - done.updatedAt())
                            + " before this wait began. Connectors re-created with the same config resume their "
                            + "job, and a finished job does not run again; to run it again: pkuse-status rerun "
                            + "--connector " + job.source().connectorName());
                }
            } else {
                JobView failed = job.source().stage() == Stage.ERROR ? job.source() : job.sink();
                cli.err.println("job " + taskId + " failed on the " + failed.side().wireName() + " side ("
                        + failed.connectorName() + "):");
                cli.err.println(failed.error());
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StatusCli.class.getPackage().getImplementationVersion();
            return new String[] {"pkuse-status " + (v == null ? "dev" : v)};
        }
    }
}
