package org.pkuse.connect.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pkuse.connect.status.Side;
import org.pkuse.connect.testkit.ExampleConfigs;

/**
 * The JDBC source part, on one N-row order table in the bench's MariaDB: a plain streaming SELECT reading every
 * value (the database's ceiling), a connector that sends the same records from memory (the framework's ceiling),
 * our JDBC source from POST to its 'end' event, and MariaDB → MariaDB through our JDBC source and sink from the
 * source's POST to the sink's 'end' event.
 */
final class JdbcSourceBench {

    static final String OUR_SOURCE = "org.pkuse.connect.jdbc.JdbcSourceConnector";
    static final String SEED = "jdbcsource_connector_001.json";
    static final int PARTITIONS = 2;
    /**
     * {@code pkuse.kafka.batch.size} of our source and of the generating source: the seed's 200 makes each poll
     * hand the worker a few dozen KB; 2000 lets the recommended 512 KB producer batches fill.
     */
    static final int BATCH = 2000;
    static final int SEED_BATCH = 200;
    /** Rows per multi-row INSERT when loading (the MySQL driver rewrites each batch into one statement). */
    private static final int LOAD_BATCH = 5000;
    private static final String OURS = "Our JDBC source → Kafka, recommended producer settings, "
            + "pkuse.kafka.batch.size " + BATCH;

    private final Bench bench;
    private int sequence;

    JdbcSourceBench(Bench bench) {
        this.bench = bench;
    }

    /** The ceilings and our source at {@code rows}, then end to end, on one table. */
    void runAll(long rows) throws Exception {
        warmUp();
        String table = prepareTable(rows);
        plainSelect(table, rows, null); // warms the buffer pool with the whole table, as the scan part does
        plainSelect(table, rows, "jdbcsource.plain.select");
        generating(table, rows, "jdbcsource.framework", BATCH);
        ours(table, rows, "jdbcsource.ours", OURS, BATCH, true);
        seedBatchVariants(table, rows);
        endToEnd(table, rows);
        dropTable(table);
    }

    /** Our source at N and at M rows with the live heap measured: it streams, so its heap should not grow. */
    void memory(long rows, long big) throws Exception {
        System.out.printf("%nMemory: our JDBC source at %,d and %,d rows, live heap sampled%n", rows, big);
        for (long n : List.of(rows, big)) {
            String table = prepareTable(n);
            ours(table, n, "mem." + n + ".jdbcsource.ours", OURS, BATCH, false);
            dropTable(table);
        }
    }

    /**
     * Each reader once on a smaller table, unmeasured: the first run pays for class loading, the JIT and (for our
     * source) the driver and the pool, which would otherwise fall on whichever runs first. 100,000 rows rather than
     * the other parts' 10,000: after 10,000 the converters' hot paths were not all compiled yet, and the generating
     * source, measured first, ran at half its speed at 200,000 rows.
     */
    private void warmUp() throws Exception {
        long rows = 100_000;
        System.out.println("Warm-up (not measured): the plain SELECT, the generating source and our JDBC source "
                + "once on " + rows + " rows");
        String table = prepareTable(rows);
        plainSelect(table, rows, null);
        generating(table, rows, null, BATCH);
        ours(table, rows, null, OURS, BATCH, false);
        dropTable(table);
    }

    /** Creates and loads {@code orders_<rows>} in multi-row INSERTs of {@value #LOAD_BATCH}; returns its name. */
    String prepareTable(long rows) throws Exception {
        String table = "orders_" + rows;
        bench.sql("DROP TABLE IF EXISTS `" + table + "`", OrderRows.createTable(table));
        long started = System.nanoTime();
        String url = bench.mariaDb.mysqlUrl(Bench.DATABASE) + "&rewriteBatchedStatements=true";
        try (Connection c = DriverManager.getConnection(url, bench.mariaDb.user(), bench.mariaDb.password());
             PreparedStatement ps = c.prepareStatement(OrderRows.insertSql(table))) {
            c.setAutoCommit(false);
            for (long id = 1; id <= rows; id++) {
                OrderRows.bind(ps, id);
                ps.addBatch();
                if (id % LOAD_BATCH == 0 || id == rows) {
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
        double seconds = Bench.seconds(started, System.nanoTime());
        System.out.printf("Loaded %,d rows into MariaDB table %s.%s in %.1f s (%,.0f rows/s, multi-row INSERTs of "
                + "%,d)%n", rows, Bench.DATABASE, table, seconds, rows / seconds, LOAD_BATCH);
        return table;
    }

    private void dropTable(String table) throws Exception {
        bench.sql("DROP TABLE `" + table + "`");
    }

    /** Runs {@code body} measured under {@code key}, or unmeasured when the key is null (warm-up). */
    private void run(String key, String label, String tasks, Bench.Body body) throws Exception {
        if (key == null) {
            body.run();
        } else {
            bench.measure(key, "JDBC source", label, tasks, body);
        }
    }

    // ---- the database's ceiling ----

    /**
     * A plain program in this JVM: one connection, MySQL's driver streaming row by row (forward only, read only,
     * fetch size {@code Integer.MIN_VALUE}, as our source sets it), the rows in key order as our source reads them,
     * every value read with its type's getter. Timed from connecting until the last row.
     */
    private void plainSelect(String table, long rows, String key) throws Exception {
        run(key, "Plain JDBC streaming SELECT, every column read (ceiling)", "1 thread", () -> {
            long started = System.nanoTime();
            long n = 0;
            long check = 0;
            try (Connection c = DriverManager.getConnection(bench.mariaDb.mysqlUrl(Bench.DATABASE),
                    bench.mariaDb.user(), bench.mariaDb.password());
                 Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(Integer.MIN_VALUE);
                try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", OrderRows.COLUMNS) + " FROM `"
                        + table + "` ORDER BY right_id")) {
                    while (rs.next()) {
                        n++;
                        // Every value used, so that none of the getters is optimized away.
                        check += rs.getLong(1) + rs.getString(2).length() + rs.getBigDecimal(3).scale()
                                + rs.getTimestamp(4).getTime() + rs.getString(5).length() + (rs.getBoolean(6) ? 1 : 0)
                                + rs.getInt(7) + (long) rs.getDouble(8);
                    }
                }
            }
            double seconds = Bench.seconds(started, System.nanoTime());
            if (n != rows) {
                throw new IllegalStateException("SELECT read " + n + " rows, expected " + rows);
            }
            return new Bench.Outcome(n, seconds, String.format("ORDER BY right_id, no count, in the bench JVM "
                    + "(checksum %d)", check % 1000));
        });
    }

    // ---- the framework's ceiling ----

    /**
     * The generating source (one task, the workers' JsonConverter, the recommended producer settings, polls of
     * {@code batch}), from its POST until the topic's end offsets reach N.
     */
    private void generating(String table, long rows, String key, int batch) throws Exception {
        int n = ++sequence;
        String topic = "gen" + n + "_" + Bench.DATABASE + "_" + table;
        String name = "bench-jdbcsource-gen-" + n;
        bench.createTopic(topic, PARTITIONS);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", GeneratingSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(GeneratingSourceConnector.TOPIC, topic);
        config.put(GeneratingSourceConnector.TABLE, table);
        config.put(GeneratingSourceConnector.ROWS, Long.toString(rows));
        config.put(GeneratingSourceConnector.BATCH, Integer.toString(batch));
        config.put(GeneratingSourceConnector.JOB, name);
        config.putAll(SourceBench.RECOMMENDED_PRODUCER);
        String label = batch == BATCH ? "Generating source, same records from memory, same settings (framework "
                + "ceiling)" : "Variant: generating source, polls of " + batch;
        run(key, label, "1", () -> {
            long started = System.nanoTime();
            bench.createConnector(name, config);
            return FrameworkCeiling.awaitOnTopic(bench, name, topic, rows, started);
        });
        bench.deleteConnector(name);
        bench.deleteTopic(topic);
    }

    // ---- our source ----

    /** The seed job ({@value #SEED}) as a full sync of this table into a topic of this prefix. */
    private Map<String, String> sourceConfig(String name, String table, String prefix, String job, int batch) {
        Map<String, String> c = ExampleConfigs.configOf(ExampleConfigs.read(SEED));
        c.put("connector.class", OUR_SOURCE);
        c.put("tasks.max", "1");
        c.put("pkuse.connector.name", name);
        c.put("connection.url", bench.mariaDb.mysqlUrl(Bench.DATABASE));
        c.put("connection.user", bench.mariaDb.user());
        c.put("connection.password", bench.mariaDb.password());
        c.put("pkuse.jdbc.table.name", Bench.DATABASE + "." + table);
        c.put("pkuse.kafka.topic.prefix", prefix);
        c.put("pkuse.kafka.batch.size", Integer.toString(batch));
        c.put("pkuse.datasyntype", "1");
        c.put("org.pkuse.kafka.broker", bench.connect.bootstrapServers());
        c.put("pkuse.task.id", job);
        c.putAll(SourceBench.RECOMMENDED_PRODUCER);
        return c;
    }

    /**
     * Diagnostic variants: the generating source and our source with the seed's batch size, to tell what the
     * batch size does to the framework from what it does to our source. A failing variant is not fatal.
     */
    private void seedBatchVariants(String table, long rows) {
        try {
            generating(table, rows, "var.jdbcsource.framework.batch" + SEED_BATCH, SEED_BATCH);
            ours(table, rows, "var.jdbcsource.ours.batch" + SEED_BATCH, "Variant: our JDBC source, the seed's "
                    + "pkuse.kafka.batch.size " + SEED_BATCH, SEED_BATCH, false);
        } catch (Exception e) {
            System.out.println("    variant failed: " + e);
        }
    }

    /**
     * Our source, from POST until its 'end' event (every record acknowledged by Kafka); then the topic holds N and
     * the 'end' says N. With {@code compare}, its first record is checked against the generating source's.
     */
    private void ours(String table, long rows, String key, String label, int batch, boolean compare)
            throws Exception {
        int n = ++sequence;
        String prefix = "jsrc" + n + "_";
        String topic = prefix + Bench.DATABASE + "_" + table;
        String name = "bench-jdbcsource-" + n;
        String job = "bench-jdbcsource-" + n;
        bench.createTopic(topic, PARTITIONS);
        Map<String, String> config = sourceConfig(name, table, prefix, job, batch);
        run(key, label, "1", () -> bench.sourceJob(name, config, job, topic, rows));
        if (compare) {
            ShapeCheck.compare(bench.connect.bootstrapServers(), topic, table);
        }
        bench.deleteConnector(name);
        bench.deleteTopic(topic);
    }

    // ---- end to end ----

    /**
     * MariaDB → Kafka → MariaDB through our two connectors: the sink (upsert on right_id, one task, auto.create) is
     * created first and idles; timed from the source's POST until the sink's 'end' event; the target then counted.
     */
    private void endToEnd(String table, long rows) throws Exception {
        int n = ++sequence;
        String prefix = "je2e" + n + "_";
        String topic = prefix + Bench.DATABASE + "_" + table;
        String sourceName = "bench-jdbc-e2e-source-" + n;
        String sinkName = "bench-jdbc-e2e-sink-" + n;
        String job = "bench-jdbc-e2e-" + n;
        String target = "je2e" + n + "_" + table;
        bench.createTopic(topic, PARTITIONS);
        bench.sql("DROP TABLE IF EXISTS `" + target + "`");
        Map<String, String> sink = bench.ourSinkConfig(topic, target, "right_id", job);
        bench.createConnector(sinkName, sink);
        bench.connect.awaitRunning(sinkName, 1, Duration.ofSeconds(60));
        Map<String, String> source = sourceConfig(sourceName, table, prefix, job, BATCH);
        bench.measure("jdbcsource.e2e", "JDBC source", "MariaDB → our JDBC source → Kafka → our JDBC sink → "
                + "MariaDB, recommended producer settings", "1 + 1", () -> {
                    long started = System.nanoTime();
                    bench.createConnector(sourceName, source);
                    long sourceEnd = bench.awaitEnd(sourceName, job, Side.SOURCE, rows);
                    long end = bench.awaitEnd(sinkName, job, Side.SINK, rows);
                    long count = bench.countRows(target);
                    if (count != rows) {
                        throw new IllegalStateException(target + ": " + count + " rows, expected " + rows);
                    }
                    return new Bench.Outcome(rows, Bench.seconds(started, end), String.format(
                            "source 'end' at %.1f s; sink batch.size %d, upsert", Bench.seconds(started, sourceEnd),
                            bench.options.batchSize()));
                });
        bench.deleteConnector(sourceName);
        bench.deleteConnector(sinkName);
        bench.deleteTopic(topic);
        bench.sql("DROP TABLE `" + target + "`");
    }
}
