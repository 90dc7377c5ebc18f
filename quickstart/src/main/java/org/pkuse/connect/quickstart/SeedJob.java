package org.pkuse.connect.quickstart;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pkuse.connect.localstack.ExampleConfigs;

/**
 * The job the quickstart runs, by {@code --source} and {@code --target}: the two examples of
 * {@code config-examples/} it POSTs as a user would, and what the stack needs for them.
 */
enum SeedJob {

    /** HBase to MariaDB, the field's seed job. */
    HBASE_TO_JDBC("hbasesource_connector_001.json", "jdbcsink_connector_001.json",
            "default_test_employee01_2021_06_17"),

    /** HBase to HBase through the HBase sink. */
    HBASE_TO_HBASE("hbasesource_connector_001.json", "hbasesink_connector_001.json",
            "default_test_employee01_2021_06_17"),

    /** A MariaDB table copied into another database through the JDBC source and the JDBC sink. */
    JDBC_TO_JDBC("jdbcsource_connector_001.json", "jdbcsink_from_jdbc_topic.json", "myprj_online_main_orderinfo");

    private final String sourceExample;
    private final String sinkExample;
    private final String topic;

    SeedJob(String sourceExample, String sinkExample, String topic) {
        this.sourceExample = sourceExample;
        this.sinkExample = sinkExample;
        this.topic = topic;
    }

    /**
     * The job for the options.
     *
     * @throws IllegalArgumentException for a pair the examples do not cover
     */
    static SeedJob of(Source source, Target target) {
        if (source == Source.JDBC) {
            if (target != Target.JDBC) {
                throw new IllegalArgumentException("--source jdbc runs with --target jdbc (MariaDB to MariaDB)");
            }
            return JDBC_TO_JDBC;
        }
        return target == Target.HBASE ? HBASE_TO_HBASE : HBASE_TO_JDBC;
    }

    String sourceExample() {
        return sourceExample;
    }

    String sinkExample() {
        return sinkExample;
    }

    /** The data topic the source writes and the sink reads. */
    String topic() {
        return topic;
    }

    boolean readsHBase() {
        return this != JDBC_TO_JDBC;
    }

    boolean writesHBase() {
        return this == HBASE_TO_HBASE;
    }

    boolean needsHBase() {
        return readsHBase() || writesHBase();
    }

    boolean needsMariaDb() {
        return this != HBASE_TO_HBASE;
    }

    String sourceClass() {
        return config(sourceExample).path("connector.class").asText();
    }

    String sinkClass() {
        return config(sinkExample).path("connector.class").asText();
    }

    /** The job id, as the examples give it ({@code pkuse.task.id}). */
    String taskId() {
        return config(sourceExample).path("pkuse.task.id").asText();
    }

    private static JsonNode config(String example) {
        ObjectNode request = ExampleConfigs.read(example);
        return request.path("config");
    }
}
