package org.pkuse.connect.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HBase 2.6 mini cluster (ZooKeeper + master + region server) running in a child JVM on Java 17, driven over
 * its stdin/stdout ({@link HBaseServerProcess}). HBase's jars never enter this JVM; the child exits when this JVM goes
 * away, and leaves a terminal's Ctrl-C to this JVM ({@link ChildCommand#ignoringInterrupt}), which stops it with
 * {@link #close()}.
 */
public class HBaseCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HBaseCluster.class);
    private static final long START_TIMEOUT_S = 120;

    private final HBaseServerProcess server;
    private final Path dir;
    private final String zkQuorum;
    private final int zkPort;

    private HBaseCluster(HBaseServerProcess server, Path dir, String zkQuorum, int zkPort) {
        this.server = server;
        this.dir = dir;
        this.zkQuorum = zkQuorum;
        this.zkPort = zkPort;
    }

    /** The same cluster under another type: test-support keeps it under its old name. */
    protected HBaseCluster(HBaseCluster started) {
        this(started.server, started.dir, started.zkQuorum, started.zkPort);
    }

    public static HBaseCluster start() {
        return start(null);
    }

    /**
     * Starts the cluster with its log in {@code logDir} ({@code hbase.log}, {@code hbase.err}), which outlives the
     * cluster's own folder; null keeps the log in that folder, removed on close.
     */
    public static HBaseCluster start(Path logDir) {
        try {
            Path dir = Files.createTempDirectory("pkuse-hbase");
            Path out = logDir == null ? dir.resolve("hbase-server.out") : logDir.resolve("hbase.log");
            Path err = logDir == null ? dir.resolve("hbase-server.err") : logDir.resolve("hbase.err");
            long started = System.nanoTime();
            HBaseServerProcess server = HBaseServerProcess.start(dir, out, err);
            JsonNode ready = server.readReply(START_TIMEOUT_S);
            HBaseCluster cluster = new HBaseCluster(server, dir, ready.path("zkQuorum").asText(),
                    ready.path("zkPort").asInt());
            log.info("HBase mini cluster up, ZooKeeper {}:{}, in {} ms", cluster.zkQuorum, cluster.zkPort,
                    (System.nanoTime() - started) / 1_000_000);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode call(ObjectNode command, long timeoutSeconds) {
        return server.call(command, timeoutSeconds);
    }

    private static ObjectNode op(String name) {
        return HBaseServerProcess.op(name);
    }

    /** ZooKeeper quorum for {@code pkuse.hbase.ip}. */
    public String zkQuorum() {
        return zkQuorum;
    }

    /** ZooKeeper client port for {@code pkuse.hbase.port}. */
    public int zkPort() {
        return zkPort;
    }

    /** Creates {@code namespace:table} (replacing it if it exists) with the families and split keys given. */
    public void createTable(String table, List<String> families, List<String> splits) {
        createTable(table, families, splits, 1);
    }

    /** As {@link #createTable(String, List, List)}, each family keeping {@code maxVersions} versions of a cell. */
    public void createTable(String table, List<String> families, List<String> splits, int maxVersions) {
        ObjectNode c = op("createTable").put("table", table).put("maxVersions", maxVersions);
        ArrayNode f = c.putArray("families");
        families.forEach(f::add);
        ArrayNode s = c.putArray("splits");
        splits.forEach(s::add);
        call(c, 60);
    }

    public void createTable(String table, String... families) {
        createTable(table, List.of(families), List.of());
    }

    public void dropTable(String table) {
        call(op("dropTable").put("table", table), 60);
    }

    /** Writes cells; returns how many. */
    public int put(String table, List<Cell> cells) {
        ObjectNode c = op("put").put("table", table);
        ArrayNode array = c.putArray("cells");
        for (Cell cell : cells) {
            ObjectNode n = array.addObject();
            n.put("row", cell.row()).put("family", cell.family()).put("qualifier", cell.qualifier());
            n.put("valueBase64", Base64.getEncoder().encodeToString(cell.value()));
            if (cell.timestamp() != null) {
                n.put("ts", cell.timestamp());
            }
        }
        return call(c, 120).asInt();
    }

    public void deleteRows(String table, List<String> rows) {
        ObjectNode c = op("delete").put("table", table);
        ArrayNode array = c.putArray("rows");
        rows.forEach(array::add);
        call(c, 60);
    }

    /**
     * Kills the region server, keeps it down for {@code down}, starts a new one and returns once every region is
     * assigned again (an HBase outage, as a test needs it).
     */
    public void restartRegionServer(Duration down) {
        call(op("restartRegionServer").put("downMs", down.toMillis()), 600);
    }

    /** Every version of every cell of the table, counted. */
    public long cellVersions(String table) {
        return call(op("cellVersions").put("table", table), 600).asLong();
    }

    /** The tables of {@code namespace} ({@code ns:name}) and every snapshot ({@code snapshot:name}). */
    public List<String> tablesAndSnapshots(String namespace) {
        List<String> out = new ArrayList<>();
        call(op("tables").put("namespace", namespace), 60).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Rows in the table, by a first-key-only scan. */
    public long count(String table) {
        return call(op("count").put("table", table), 600).asLong();
    }

    /**
     * Loads {@code rows} sample employee rows ({@code org.pkuse.connect.testkit.hbase.EmployeeRows}) with ids
     * {@code startId..startId+rows-1} into {@code family}, as UTF-8 text or as HBase {@code Bytes} encodings.
     */
    public void generateEmployees(String table, String family, long startId, long rows, boolean binary) {
        generateEmployees(table, family, startId, rows, binary, List.of());
    }

    /** As above, with only {@code columns} of the sample rows (all when empty), e.g. the seed's name, sex, salary. */
    public void generateEmployees(String table, String family, long startId, long rows, boolean binary,
                                  List<String> columns) {
        ObjectNode op = op("generate").put("table", table).put("family", family).put("startId", startId)
                .put("rows", rows).put("binary", binary);
        columns.forEach(op.putArray("columns")::add);
        call(op, 3600);
    }

    /** Up to {@code limit} rows, in row-key order: row key to (family:qualifier to raw value). */
    public SortedMap<String, Map<String, byte[]>> scan(String table, int limit) {
        SortedMap<String, Map<String, byte[]>> rows = new TreeMap<>();
        for (JsonNode row : call(op("scan").put("table", table).put("limit", limit), 600)) {
            Map<String, byte[]> cells = new TreeMap<>();
            row.path("cells").fields().forEachRemaining(e ->
                    cells.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
            rows.put(row.path("row").asText(), cells);
        }
        return rows;
    }

    /**
     * Times a plain HBase client's full scan of {@code table} inside the HBase JVM ({@code caching} rows per round
     * trip, every cell value touched): the ceiling a source connector's scan is compared with.
     */
    public ScanTiming timedScan(String table, int caching) {
        JsonNode r = call(op("timedScan").put("table", table).put("caching", caching), 3600);
        return new ScanTiming(r.path("rows").asLong(), r.path("cells").asLong(), r.path("bytes").asLong(),
                r.path("millis").asLong());
    }

    /** What {@link #timedScan} read and how long it took. */
    public record ScanTiming(long rows, long cells, long bytes, long millis) {
    }

    public void flush(String table) {
        call(op("flush").put("table", table), 120);
    }

    /**
     * Flushes the table and major-compacts it, waiting until every region has one file per family: a benchmark then
     * reads the same files in every run, not whatever compaction a recent load left running.
     */
    public void settle(String table) {
        flush(table);
        call(op("majorCompact").put("table", table), 600);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        server.stop();
        Folders.deleteQuietly(dir);
    }

    /** One cell to write; the value is raw bytes (UTF-8 text or an HBase {@code Bytes} encoding). */
    public record Cell(String row, String family, String qualifier, byte[] value, Long timestamp) {

        public static Cell text(String row, String family, String qualifier, String value) {
            return new Cell(row, family, qualifier, value.getBytes(StandardCharsets.UTF_8), null);
        }

        public static Cell text(String row, String family, String qualifier, String value, long timestamp) {
            return new Cell(row, family, qualifier, value.getBytes(StandardCharsets.UTF_8), timestamp);
        }
    }
}
