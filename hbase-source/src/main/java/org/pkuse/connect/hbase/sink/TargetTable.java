package org.pkuse.connect.hbase.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceExistException;
import org.apache.hadoop.hbase.NamespaceNotFoundException;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The table the sink writes: checked at start; created, with its namespace, families and split points, when asked.
 */
public final class TargetTable {

    private final Connection connection;
    private final TableName name;
    private final List<String> families;
    private final byte[][] splitKeys;

    public TargetTable(Connection connection, TableName name, List<String> families, byte[][] splitKeys) {
        this.connection = connection;
        this.name = name;
        this.families = families;
        this.splitKeys = splitKeys;
    }

    private void createNamespace(Admin admin) throws IOException {
        String namespace = name.getNamespaceAsString();
        try {
            admin.getNamespaceDescriptor(namespace);
        } catch (NamespaceNotFoundException e) {
            try {
                admin.createNamespace(NamespaceDescriptor.create(namespace).build());
            } catch (NamespaceExistException raced) {
                // another task created it meanwhile
            }
        }
    }

    /**
     * @param create create the table when it is missing; else a missing table or family fails the task
     */
    public void ensure(boolean create) throws IOException {
        try (Admin admin = connection.getAdmin()) {
            if (!admin.tableExists(name)) {
                if (!create) {
                    throw new ConnectException("HBase table " + name + " does not exist (auto.create is off)");
                }
                createNamespace(admin);
                TableDescriptorBuilder table = TableDescriptorBuilder.newBuilder(name);
                families.forEach(f -> table.setColumnFamily(ColumnFamilyDescriptorBuilder.of(f)));
                try {
                    if (splitKeys.length > 0) {
                        admin.createTable(table.build(), splitKeys);
                    } else {
                        admin.createTable(table.build());
                    }
                } catch (TableExistsException e) {
                    // another task created it meanwhile
                }
                return;
            }
            Set<String> present = new HashSet<>();
            for (ColumnFamilyDescriptor f : admin.getDescriptor(name).getColumnFamilies()) {
                present.add(Bytes.toString(f.getName()));
            }
            List<String> missing = new ArrayList<>(families);
            missing.removeAll(present);
            if (!missing.isEmpty()) {
                throw new ConnectException("HBase table " + name + " has no column family " + missing + " (it has "
                        + present + ")");
            }
        }
    }
}
