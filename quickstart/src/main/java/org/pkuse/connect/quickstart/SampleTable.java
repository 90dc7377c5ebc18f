package org.pkuse.connect.quickstart;

import java.util.ArrayList;
import java.util.List;

import org.pkuse.connect.localstack.HBaseCluster;

/** The seed job's sample table: realistic employee rows (Chinese names included), pre-split for parallel scans. */
final class SampleTable {

    private SampleTable() {
    }

    static void load(HBaseCluster hbase, String table, String family, long rows) {
        // Row keys are decimal ids; split on leading digits so that several regions share the scan.
        List<String> splits = new ArrayList<>();
        if (rows >= 1000) {
            for (int d = 2; d <= 9; d += 2) {
                splits.add(Integer.toString(d));
            }
        }
        hbase.createTable(table, List.of(family), splits);
        hbase.generateEmployees(table, family, 1, rows, false);
    }
}
