package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.TableNotEnabledException;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.snapshot.SnapshotDoesNotExistException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overwrite mode. HBase has no atomic rename, so a job writes into its own staging table
 * ({@code <table>__pkuse_stg_<hash>}, the target's descriptor and split points), and once complete it replaces
 * the target: snapshot the staging table, drop it, drop the target, clone the snapshot as the target, delete the
 * snapshot. Each step checks what is already done, so a task that takes over a swap whose task died repeats only
 * what is missing (at worst it clones again). Readers of the target get {@code TableNotEnabledException} or
 * {@code TableNotFoundException} from the target's disable until the clone is online, and never a mix of old and
 * new rows. A failed job drops its staging table; the target is untouched.
 */
public final class StagingTables implements JobTables {

    private static final Logger log = LoggerFactory.getLogger(StagingTables.class);
    private static final String INFIX = "__pkuse_stg_";

    private final Connection connection;
    private final TableName target;
    private final String connector;
    private final Set<String> ready = new HashSet<>();

    public StagingTables(Connection connection, TableName target, String connector) {
        this.connection = connection;
        this.target = target;
        this.connector = connector;
    }

    /** The job's staging table: beside the target, named after it and a hash of connector and job. */
    public TableName stagingOf(String jobKey) {
        return TableName.valueOf(target.getNamespaceAsString(), target.getQualifierAsString() + INFIX
                + hash(jobKey));
    }

    /** The snapshot a swap clones from (snapshot names have no namespace). */
    public String snapshotOf(String jobKey) {
        return target.getNamespaceAsString() + "_" + target.getQualifierAsString() + INFIX + hash(jobKey) + "_snap";
    }

    private String hash(String jobKey) {
        CRC32 crc = new CRC32();
        crc.update((connector + "|" + jobKey).getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    @Override
    public TableName tableOf(String jobKey) throws IOException {
        TableName staging = stagingOf(jobKey);
        if (ready.contains(jobKey)) {
            return staging;
        }
        try (Admin admin = connection.getAdmin()) {
            if (!admin.tableExists(staging)) {
                List<byte[]> splits = new ArrayList<>();
                for (RegionInfo region : admin.getRegions(target)) {
                    if (region.getStartKey().length > 0) {
                        splits.add(region.getStartKey());
                    }
                }
                try {
                    admin.createTable(TableDescriptorBuilder.copy(staging, admin.getDescriptor(target)),
                            splits.toArray(new byte[0][]));
                    log.info("Job {}: staging table {} created for overwriting {}", jobKey, staging, target);
                } catch (TableExistsException e) {
                    // another task of the job created it meanwhile
                }
            }
        }
        ready.add(jobKey);
        return staging;
    }

    @Override
    public boolean swaps() {
        return true;
    }

    @Override
    public void swapIn(String jobKey) throws IOException {
        TableName staging = stagingOf(jobKey);
        String snapshot = snapshotOf(jobKey);
        try (Admin admin = connection.getAdmin()) {
            if (admin.listSnapshots(Pattern.compile(Pattern.quote(snapshot))).isEmpty()) {
                if (!admin.tableExists(staging)) {
                    if (admin.tableExists(target)) {
                        ready.remove(jobKey);
                        return; // swapped in before: the clone is the target and the rest is gone
                    }
                    throw new IOException("job " + jobKey + ": neither staging table " + staging + " nor snapshot "
                            + snapshot + " nor target " + target + " exists; the job's cells are lost");
                }
                admin.snapshot(snapshot, staging);
            }
            drop(admin, staging);
            long since = System.nanoTime();
            drop(admin, target);
            try {
                admin.cloneSnapshot(snapshot, target);
            } catch (TableExistsException e) {
                // a task that took the swap over cloned it meanwhile
            }
            log.info("Job {}: {} swapped in as {}; the target was away for {} ms", jobKey, staging, target,
                    (System.nanoTime() - since) / 1_000_000);
            try {
                admin.deleteSnapshot(snapshot);
            } catch (SnapshotDoesNotExistException e) {
                // deleted by a task that took the swap over
            }
        }
        ready.remove(jobKey);
    }

    @Override
    public void discard(String jobKey) throws IOException {
        try (Admin admin = connection.getAdmin()) {
            drop(admin, stagingOf(jobKey));
        }
        ready.remove(jobKey);
    }

    private static void drop(Admin admin, TableName table) throws IOException {
        if (!admin.tableExists(table)) {
            return;
        }
        try {
            if (admin.isTableEnabled(table)) {
                admin.disableTable(table);
            }
        } catch (TableNotEnabledException e) {
            // disabled meanwhile
        }
        try {
            admin.deleteTable(table);
        } catch (TableNotFoundException e) {
            // deleted meanwhile
        }
    }
}
