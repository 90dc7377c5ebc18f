package org.pkuse.connect.hbase.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.util.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.common.source.RowItem;
import org.pkuse.connect.hbase.mapping.CellDecoder;
import org.pkuse.connect.hbase.mapping.HBaseColumns;
import org.pkuse.connect.hbase.mapping.ResolvedColumn;
import org.pkuse.connect.hbase.mapping.RowMapper;
import org.pkuse.connect.hbase.mapping.ValueEncoding;
import org.pkuse.connect.testkit.HBaseCluster;
import org.pkuse.connect.testkit.TestKit;

/** The ordered parallel scan on a real HBase table of many small regions. */
class OrderedScanIT {

    private static final String TABLE = "oscan:small_regions";
    private static final int REGIONS = 40;
    private static final CellDecoder TEXT = new CellDecoder(ValueEncoding.STRING, "yyyy-MM-dd",
            "yyyy-MM-dd HH:mm:ss[.SSS]", ZoneId.of("UTC"));

    private static Connection connection;
    private static List<String> keys;

    @BeforeAll
    static void table() throws Exception {
        HBaseCluster hbase = TestKit.hbase();
        // Region i holds 4 rows, every seventh one 30: most regions end well within their share of the read-ahead.
        List<String> splits = new ArrayList<>();
        List<HBaseCluster.Cell> cells = new ArrayList<>();
        keys = new ArrayList<>();
        for (int region = 0; region < REGIONS; region++) {
            if (region > 0) {
                splits.add(String.format("r%03d-", region));
            }
            for (int row = 0; row < (region % 7 == 3 ? 30 : 4); row++) {
                String key = String.format("r%03d-%02d", region, row);
                keys.add(key);
                cells.add(HBaseCluster.Cell.text(key, "d", "n", Integer.toString(keys.size())));
            }
        }
        hbase.createTable(TABLE, List.of("d"), splits);
        hbase.put(TABLE, cells);
        connection = ConnectionFactory.createConnection(HBaseClientSettings.configuration(hbase.zkQuorum(),
                hbase.zkPort(), Map.of(), Duration.ofSeconds(60)));
    }

    @AfterAll
    static void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    @Timeout(120)
    void manySmallRegionsNeverHoldMoreThanThreadsTimesQueueRowsAndComeOutInRowKeyOrder() throws Exception {
        int threads = 3;
        int queueRows = 10;
        TableName table = TableName.valueOf(TABLE);
        FieldMappings mappings = FieldMappings.parse("[{\"sourceFiled\":\"n\",\"targetFiled\":\"n\","
                + "\"fieldType\":\"int\"}]", TEXT, HBaseColumns.INSTANCE);
        List<ResolvedColumn> columns = ColumnResolver.resolve(connection, table, mappings, "", false);
        KeyRange all = new KeyRange(KeyRange.OPEN, false, KeyRange.OPEN);
        List<KeyRange> ranges;
        try (RegionLocator locator = connection.getRegionLocator(table)) {
            Pair<byte[][], byte[][]> bounds = locator.getStartEndKeys();
            ranges = all.split(bounds.getFirst(), bounds.getSecond());
        }
        assertThat(ranges).hasSize(REGIONS);
        ScanPlan plan = new ScanPlan(table, columns, all, ScanPlan.Mode.ALL_ROWS, 0, Long.MAX_VALUE, null, 100);
        RowMapper mapper = new RowMapper(columns, TEXT, TEXT, "t", -1, null, false);

        List<String> read = new ArrayList<>();
        try (OrderedScan scan = new OrderedScan(connection, plan, ranges, mapper, threads, queueRows, "it")) {
            // Nothing is taken until the scan threads cannot read any further: they are as far ahead as allowed.
            awaitSteady(scan);
            while (!scan.done()) {
                for (RowItem item : scan.next(7, 1000)) {
                    read.add((String) ((RowItem.Row) item).row().key());
                }
            }
            assertThat(read).containsExactlyElementsOf(keys);
            assertThat(scan.maxHeldRows()).as("rows held at once").isLessThanOrEqualTo(threads * queueRows)
                    .as("the read-ahead was used").isGreaterThan(queueRows);
        }
    }

    private static void awaitSteady(OrderedScan scan) throws InterruptedException {
        int last = -1;
        long steadySince = System.nanoTime();
        while (System.nanoTime() - steadySince < 2_000_000_000L) {
            int now = scan.maxHeldRows();
            if (now != last) {
                last = now;
                steadySince = System.nanoTime();
            }
            Thread.sleep(50);
        }
    }
}
