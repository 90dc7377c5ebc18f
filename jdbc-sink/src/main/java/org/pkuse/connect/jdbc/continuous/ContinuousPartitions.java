package org.pkuse.connect.jdbc.continuous;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.pkuse.connect.jdbc.dialect.TableId;

/**
 * Source partitions of continuous mode, Confluent's: {"protocol": "1", "table": "db.table"} or {"query": "query"}.
 * <p>
 * The worker stores an offset under the converter's bytes of its partition and finds it again by those bytes, so a
 * partition must serialize to the same bytes in every worker JVM: its keys are sorted. Builds before 2026-11-30
 * used {@code Map.of}, whose iteration order is chosen anew in each JVM, so a task moved to another worker could
 * miss its offset and send the table again; {@link #read} also looks under the other key order they may have
 * stored.
 */
final class ContinuousPartitions {

    private ContinuousPartitions() {
    }

    static Map<String, Object> table(TableId id) {
        Map<String, Object> p = new TreeMap<>();
        p.put("protocol", "1");
        p.put("table", id.toString());
        return p;
    }

    static Map<String, Object> query() {
        return new TreeMap<>(Map.of("query", "query"));
    }

    /** The committed offset of each partition, null for none. */
    static Map<Map<String, Object>, Map<String, Object>> read(OffsetStorageReader reader,
                                                             List<Map<String, Object>> partitions) {
        Map<Map<String, Object>, Map<String, Object>> found = new HashMap<>(reader.offsets(partitions));
        List<Map<String, Object>> missing = new ArrayList<>();
        for (Map<String, Object> p : partitions) {
            if (found.get(p) == null && p.size() > 1) {
                missing.add(reversed(p));
            }
        }
        if (!missing.isEmpty()) {
            reader.offsets(missing).forEach((p, offset) -> {
                if (offset != null) {
                    found.put(p, offset); // equal to the sorted partition: maps compare by entries
                }
            });
        }
        return found;
    }

    private static Map<String, Object> reversed(Map<String, Object> sorted) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(sorted.entrySet());
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            r.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        return r;
    }
}
