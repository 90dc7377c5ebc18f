package org.pkuse.connect.quickstart;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.pkuse.connect.localstack.ExampleConfigs;
import org.pkuse.connect.localstack.SchemaRegistry;

/** What the console says about the running stack: its addresses and what to try with it. */
final class StackGuide {

    private final PrintStream out;
    private final LocalStack stack;

    StackGuide(PrintStream out, LocalStack stack) {
        this.out = out;
        this.stack = stack;
    }

    /** The job topic's subjects ({@code <topic>-key}, {@code <topic>-value}) with their version counts. */
    static String subjects(SchemaRegistry registry, String topic) {
        List<String> found = new ArrayList<>();
        registry.subjects().forEach((subject, versions) -> {
            if (subject.startsWith(topic + "-")) {
                found.add(subject + " (" + versions + (versions == 1 ? " version)" : " versions)"));
            }
        });
        return found.isEmpty() ? "none for " + topic : String.join(", ", found);
    }

    /** The addresses of the stack, then commands to try; {@code board} is the job board's URL, or null. */
    void print(String stopLine, String board, String sinkName, SeedJob job) {
        String rest = stack.rest().baseUrl();
        out.println();
        out.println(stopLine);
        if (board != null) {
            out.println("  Job board         " + board);
        }
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
}
