package org.pkuse.connect.hbase.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.KeyOnlyFilter;
import org.pkuse.connect.common.mapping.FieldMapping;
import org.pkuse.connect.common.mapping.FieldMappings;
import org.pkuse.connect.hbase.mapping.ResolvedColumn;

/**
 * Resolves each {@code sourceFiled} to a family and qualifier. {@code family:qualifier} needs the family to exist.
 * A bare qualifier is found across the table's families: the first {@value #SAMPLE_ROWS} rows are sampled and
 * the qualifier must occur in exactly one family. In a one-family table a qualifier that the sample lacks is taken
 * to be in that family when the table is empty, or when not {@code strict}.
 */
public final class ColumnResolver {

    public static final int SAMPLE_ROWS = 1000;

    private ColumnResolver() {
    }

    /** Thrown with one message per unresolvable field. */
    public static final class UnresolvedColumnsException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public UnresolvedColumnsException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * @param strict when true (config validation), a bare qualifier of a one-family table must also occur in the
     *               sampled rows (unless the table is empty); when false (a running task), it is that family
     */
    public static List<ResolvedColumn> resolve(Connection connection, TableName table, FieldMappings mappings,
                                               String rowKeyField, boolean strict)
            throws IOException, UnresolvedColumnsException {
        Set<String> families = new TreeSet<>();
        try (Table t = connection.getTable(table)) {
            for (ColumnFamilyDescriptor f : t.getDescriptor().getColumnFamilies()) {
                families.add(f.getNameAsString());
            }
            Map<String, Set<String>> seen = null;
            List<ResolvedColumn> out = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (FieldMapping field : mappings.fields()) {
                if (field.target().equals(rowKeyField)) {
                    out.add(new ResolvedColumn(field, null, null));
                    continue;
                }
                String family = field.family();
                if (family != null) {
                    if (!families.contains(family)) {
                        problems.add("[" + field.index() + "].sourceFiled '" + field.source() + "': table "
                                + table.getNameAsString() + " has no family '" + family + "' (families: " + families
                                + ")");
                        continue;
                    }
                } else {
                    if (seen == null) {
                        seen = sample(t);
                    }
                    Set<String> in = seen.getOrDefault(field.qualifier(), Set.of());
                    if (in.size() == 1) {
                        family = in.iterator().next();
                    } else if (in.isEmpty() && families.size() == 1 && (!strict || seen.isEmpty())) {
                        family = families.iterator().next();
                    } else if (in.isEmpty()) {
                        problems.add("[" + field.index() + "].sourceFiled '" + field.source() + "' was not found "
                                + "in any family " + families + " of table " + table.getNameAsString() + " (first "
                                + SAMPLE_ROWS + " rows); write it as family:qualifier");
                        continue;
                    } else {
                        problems.add("[" + field.index() + "].sourceFiled '" + field.source() + "' is ambiguous: "
                                + "it occurs in families " + in + "; write it as family:qualifier");
                        continue;
                    }
                }
                out.add(new ResolvedColumn(field, family.getBytes(StandardCharsets.UTF_8),
                        field.qualifier().getBytes(StandardCharsets.UTF_8)));
            }
            if (!problems.isEmpty()) {
                throw new UnresolvedColumnsException(problems);
            }
            return out;
        }
    }

    private static Map<String, Set<String>> sample(Table table) throws IOException {
        Map<String, Set<String>> seen = new HashMap<>();
        Scan scan = new Scan().setFilter(new KeyOnlyFilter()).setLimit(SAMPLE_ROWS).setCaching(SAMPLE_ROWS);
        try (ResultScanner scanner = table.getScanner(scan)) {
            for (Result r : scanner) {
                for (Cell c : r.rawCells()) {
                    seen.computeIfAbsent(new String(CellUtil.cloneQualifier(c), StandardCharsets.UTF_8),
                            k -> new LinkedHashSet<>()).add(new String(CellUtil.cloneFamily(c), StandardCharsets.UTF_8));
                }
            }
        }
        return seen;
    }
}
