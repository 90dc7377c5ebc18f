package org.pkuse.connect.testkit.hbase;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.MiniHBaseCluster;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceExistException;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * An HBase mini cluster (ZooKeeper, master, region server on the local file system) in its own JVM, so that HBase's
 * jars never meet a Connect worker's. It answers one JSON command per line on stdin with one JSON line on stdout,
 * and exits when stdin closes, so it cannot outlive the test JVM that started it.
 */
public final class HBaseServerMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HBaseServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : Files.createTempDirectory("pkuse-hbase").toString());
        Files.createDirectories(dir);
        // Keep the protocol channel clean: everything HBase prints goes to a log file.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        // The log's path as the second argument: a quickstart keeps it beside its other logs, outside this folder.
        Path log = args.length > 1 ? Path.of(args[1]) : dir.resolve("hbase-server.out");
        PrintStream logFile = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
        System.setOut(logFile);
        System.setErr(logFile);
        System.setProperty("test.build.data.basedirectory", dir.toString());

        Configuration conf = HBaseConfiguration.create();
        conf.setInt("hbase.master.info.port", -1);
        conf.setInt("hbase.regionserver.info.port", -1);
        conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
        conf.set("hbase.zookeeper.quorum", "127.0.0.1");
        HBaseTestingUtility util = new HBaseTestingUtility(conf);
        util.startMiniZKCluster();
        util.startMiniHBaseCluster();
        Connection connection = ConnectionFactory.createConnection(util.getConfiguration());

        ObjectNode ready = JSON.createObjectNode();
        ready.put("zkQuorum", "127.0.0.1");
        ready.put("zkPort", util.getZkCluster().getClientPort());
        reply(protocol, ready);

        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode command = JSON.readTree(line);
                String op = command.path("op").asText();
                if (op.equals("stop")) {
                    break;
                }
                try {
                    reply(protocol, handle(connection, util, op, command));
                } catch (Exception e) {
                    e.printStackTrace(logFile);
                    ObjectNode error = JSON.createObjectNode();
                    error.put("ok", false);
                    error.put("error", e.toString());
                    protocol.println(JSON.writeValueAsString(error));
                }
            }
        } finally {
            connection.close();
            util.shutdownMiniHBaseCluster();
            util.shutdownMiniZKCluster();
        }
        System.exit(0);
    }

    private static void reply(PrintStream protocol, JsonNode result) throws Exception {
        ObjectNode ok = JSON.createObjectNode();
        ok.put("ok", true);
        ok.set("result", result);
        protocol.println(JSON.writeValueAsString(ok));
    }

    private static JsonNode handle(Connection connection, HBaseTestingUtility util, String op, JsonNode c)
            throws Exception {
        return switch (op) {
            case "createTable" -> createTable(connection, c);
            case "dropTable" -> dropTable(connection, TableName.valueOf(c.path("table").asText()));
            case "put" -> put(connection, c);
            case "delete" -> delete(connection, c);
            case "count" -> JSON.getNodeFactory().numberNode(count(connection, c.path("table").asText()));
            case "generate" -> generate(connection, c);
            case "scan" -> scan(connection, c);
            case "cellVersions" -> JSON.getNodeFactory().numberNode(cellVersions(connection,
                    c.path("table").asText()));
            case "timedScan" -> timedScan(connection, c);
            case "tables" -> tables(connection, c.path("namespace").asText());
            case "restartRegionServer" -> restartRegionServer(util, c.path("downMs").asLong(5_000));
            case "flush" -> {
                util.flush(TableName.valueOf(c.path("table").asText()));
                yield JSON.getNodeFactory().nullNode();
            }
            case "majorCompact" -> { // region by region, returns when done
                util.compact(TableName.valueOf(c.path("table").asText()), true);
                yield JSON.getNodeFactory().nullNode();
            }
            default -> throw new IllegalArgumentException("unknown op '" + op + "'");
        };
    }

    /** The tables of a namespace and the snapshots of the cluster, by name. */
    private static JsonNode tables(Connection connection, String namespace) throws Exception {
        ArrayNode out = JSON.createArrayNode();
        try (Admin admin = connection.getAdmin()) {
            for (TableName t : admin.listTableNamesByNamespace(namespace)) {
                out.add(t.getNameAsString());
            }
            admin.listSnapshots().forEach(snapshot -> out.add("snapshot:" + snapshot.getName()));
        }
        return out;
    }

    private static JsonNode createTable(Connection connection, JsonNode c) throws Exception {
        TableName name = TableName.valueOf(c.path("table").asText());
        try (Admin admin = connection.getAdmin()) {
            try {
                admin.createNamespace(NamespaceDescriptor.create(name.getNamespaceAsString()).build());
            } catch (NamespaceExistException e) {
                // fine
            }
            if (admin.tableExists(name)) {
                admin.disableTable(name);
                admin.deleteTable(name);
            }
            TableDescriptorBuilder table = TableDescriptorBuilder.newBuilder(name);
            for (JsonNode family : c.path("families")) {
                table.setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(family.asText()))
                        .setMaxVersions(c.path("maxVersions").asInt(1)).build());
            }
            List<byte[]> splits = new ArrayList<>();
            for (JsonNode split : c.path("splits")) {
                splits.add(Bytes.toBytes(split.asText()));
            }
            if (splits.isEmpty()) {
                admin.createTable(table.build());
            } else {
                admin.createTable(table.build(), splits.toArray(new byte[0][]));
            }
        }
        return JSON.getNodeFactory().textNode(name.getNameAsString());
    }

    private static JsonNode dropTable(Connection connection, TableName name) throws Exception {
        try (Admin admin = connection.getAdmin()) {
            if (admin.tableExists(name)) {
                admin.disableTable(name);
                admin.deleteTable(name);
            }
        }
        return JSON.getNodeFactory().nullNode();
    }

    /** Cells: {row|rowBase64, family, qualifier, value|valueBase64, ts?}. */
    private static JsonNode put(Connection connection, JsonNode c) throws Exception {
        int n = 0;
        try (BufferedMutator mutator = connection.getBufferedMutator(TableName.valueOf(c.path("table").asText()))) {
            for (JsonNode cell : c.path("cells")) {
                Put put = new Put(bytes(cell, "row"));
                byte[] family = Bytes.toBytes(cell.path("family").asText());
                byte[] qualifier = Bytes.toBytes(cell.path("qualifier").asText());
                if (cell.has("ts")) {
                    put.addColumn(family, qualifier, cell.path("ts").asLong(), bytes(cell, "value"));
                } else {
                    put.addColumn(family, qualifier, bytes(cell, "value"));
                }
                mutator.mutate(put);
                n++;
            }
        }
        return JSON.getNodeFactory().numberNode(n);
    }

    private static JsonNode delete(Connection connection, JsonNode c) throws Exception {
        try (Table table = connection.getTable(TableName.valueOf(c.path("table").asText()))) {
            for (JsonNode row : c.path("rows")) {
                table.delete(new Delete(Bytes.toBytes(row.asText())));
            }
        }
        return JSON.getNodeFactory().nullNode();
    }

    private static byte[] bytes(JsonNode cell, String field) {
        if (cell.has(field + "Base64")) {
            return Base64.getDecoder().decode(cell.path(field + "Base64").asText());
        }
        return Bytes.toBytes(cell.path(field).asText());
    }

    private static long count(Connection connection, String table) throws Exception {
        long n = 0;
        Scan scan = new Scan().setFilter(new FirstKeyOnlyFilter()).setCaching(1000);
        try (Table t = connection.getTable(TableName.valueOf(table)); ResultScanner scanner = t.getScanner(scan)) {
            for (Result ignored : scanner) {
                n++;
            }
        }
        return n;
    }

    /** Up to {@code limit} rows: [{row, cells: {"family:qualifier": base64 value}}]. */
    /**
     * An outage of the (only) region server: killed (no clean shutdown; its WAL is replayed), down for
     * {@code downMs}, then a new one started; returns once every region is assigned again.
     */
    private static JsonNode restartRegionServer(HBaseTestingUtility util, long downMs) throws Exception {
        MiniHBaseCluster cluster = util.getMiniHBaseCluster();
        ServerName victim = cluster.getLiveRegionServerThreads().get(0).getRegionServer().getServerName();
        cluster.killRegionServer(victim);
        cluster.waitForRegionServerToStop(victim, 60_000);
        Thread.sleep(downMs);
        cluster.startRegionServerAndWait(60_000);
        util.waitUntilNoRegionsInTransition(180_000);
        return JSON.getNodeFactory().textNode(victim.toString());
    }

    /** Every version of every cell of a table, counted (a table keeping several versions shows rewrites). */
    private static long cellVersions(Connection connection, String table) throws Exception {
        long versions = 0;
        try (Table t = connection.getTable(TableName.valueOf(table));
             ResultScanner scanner = t.getScanner(new Scan().readAllVersions())) {
            for (Result result : scanner) {
                versions += result.rawCells().length;
            }
        }
        return versions;
    }

    private static JsonNode scan(Connection connection, JsonNode c) throws Exception {
        ArrayNode rows = JSON.createArrayNode();
        int limit = c.path("limit").asInt(1000);
        try (Table t = connection.getTable(TableName.valueOf(c.path("table").asText()));
             ResultScanner scanner = t.getScanner(new Scan().setLimit(limit))) {
            for (Result result : scanner) {
                ObjectNode row = rows.addObject();
                row.put("row", Bytes.toString(result.getRow()));
                ObjectNode cells = row.putObject("cells");
                for (org.apache.hadoop.hbase.Cell cell : result.rawCells()) {
                    String column = Bytes.toString(org.apache.hadoop.hbase.CellUtil.cloneFamily(cell)) + ":"
                            + Bytes.toString(org.apache.hadoop.hbase.CellUtil.cloneQualifier(cell));
                    cells.put(column, Base64.getEncoder().encodeToString(
                            org.apache.hadoop.hbase.CellUtil.cloneValue(cell)));
                }
            }
        }
        return rows;
    }

    /**
     * A plain client's full scan of a table, timed here so that no JSON of the rows travels: every cell's value is
     * touched. {@code caching} rows per round trip, block cache off, as a bulk reader sets it. Answers {rows, cells,
     * bytes, millis}.
     */
    private static JsonNode timedScan(Connection connection, JsonNode c) throws Exception {
        Scan scan = new Scan().setCaching(c.path("caching").asInt(1000)).setCacheBlocks(false);
        long rows = 0;
        long cells = 0;
        long bytes = 0;
        long started = System.nanoTime();
        try (Table t = connection.getTable(TableName.valueOf(c.path("table").asText()));
             ResultScanner scanner = t.getScanner(scan)) {
            for (Result result = scanner.next(); result != null; result = scanner.next()) {
                rows++;
                for (org.apache.hadoop.hbase.Cell cell : result.rawCells()) {
                    cells++;
                    bytes += cell.getValueLength();
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        ObjectNode result = JSON.createObjectNode();
        result.put("rows", rows).put("cells", cells).put("bytes", bytes).put("millis", millis);
        return result;
    }

    /**
     * Loads {@code rows} generated employee rows (see {@link EmployeeRows}) with ids from {@code startId}: the
     * {@code columns} given, else all.
     */
    private static JsonNode generate(Connection connection, JsonNode c) throws Exception {
        TableName name = TableName.valueOf(c.path("table").asText());
        byte[] family = Bytes.toBytes(c.path("family").asText("info"));
        long start = c.path("startId").asLong(1);
        long rows = c.path("rows").asLong();
        boolean binary = c.path("binary").asBoolean(false);
        List<String> columns = new ArrayList<>();
        c.path("columns").forEach(column -> columns.add(column.asText()));
        if (columns.isEmpty()) {
            columns.addAll(EmployeeRows.COLUMNS);
        }
        try (BufferedMutator mutator = connection.getBufferedMutator(name)) {
            for (long id = start; id < start + rows; id++) {
                Put put = new Put(Bytes.toBytes(EmployeeRows.rowKey(id)));
                for (String column : columns) {
                    put.addColumn(family, Bytes.toBytes(column), EmployeeRows.value(id, column, binary));
                }
                mutator.mutate(put);
            }
        }
        return JSON.getNodeFactory().numberNode(rows);
    }
}
