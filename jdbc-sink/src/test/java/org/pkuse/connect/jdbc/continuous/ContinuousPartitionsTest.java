package org.pkuse.connect.jdbc.continuous;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.jdbc.dialect.TableId;

/**
 * Offsets stored and read through the worker's own offset classes, which find an offset by the converter's bytes of
 * its partition (not by map equality): the key order of a partition decides whether a moved task finds it.
 */
class ContinuousPartitionsTest {

    private static final String CONNECTOR = "continuous-kill";
    private final JsonConverter keys = converter();
    private final JsonConverter values = converter();
    /** The worker's in-memory store, keyed by bytes; only the per-connector partition index is left out. */
    private final MemoryOffsetBackingStore store = new MemoryOffsetBackingStore() {
        @Override
        public Set<Map<String, Object>> connectorPartitions(String connectorName) {
            return Set.of();
        }
    };

    @BeforeEach
    void start() {
        store.start();
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    @Test
    void aTablePartitionSerializesWithItsKeysSorted() {
        Map<String, Object> partition = ContinuousPartitions.table(TableId.parse("db.emp"));
        byte[] bytes = keys.fromConnectData(CONNECTOR, null, List.of(CONNECTOR, partition));
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("[\"continuous-kill\",{\"protocol\":\"1\",\"table\":\"" + TableId.parse("db.emp") + "\"}]");
    }

    @Test
    void anOffsetStoredUnderTheSortedPartitionIsFound() throws Exception {
        Map<String, Object> partition = ContinuousPartitions.table(TableId.parse("db.emp"));
        commit(partition, Map.of("incrementing", 6200L));
        assertThat(ContinuousPartitions.read(reader(), List.of(partition)).get(partition))
                .containsEntry("incrementing", 6200L);
    }

    @Test
    void anOffsetStoredInTheOtherKeyOrderByAnOlderBuildIsFoundToo() throws Exception {
        Map<String, Object> partition = ContinuousPartitions.table(TableId.parse("db.emp"));
        Map<String, Object> older = new LinkedHashMap<>();
        older.put("table", partition.get("table"));
        older.put("protocol", "1");
        commit(older, Map.of("incrementing", 6200L));

        assertThat(reader().offsets(List.of(partition)).get(partition))
                .as("the worker finds offsets by bytes: the other order is a different key").isNull();
        assertThat(ContinuousPartitions.read(reader(), List.of(partition)).get(partition))
                .containsEntry("incrementing", 6200L);
    }

    @Test
    void noOffsetReadsAsNull() {
        Map<String, Object> partition = ContinuousPartitions.table(TableId.parse("db.emp"));
        assertThat(ContinuousPartitions.read(reader(), List.of(partition)).get(partition)).isNull();
    }

    private void commit(Map<String, Object> partition, Map<String, Object> offset) throws Exception {
        OffsetStorageWriter writer = new OffsetStorageWriter(store, CONNECTOR, keys, values);
        writer.offset(partition, offset);
        assertThat(writer.beginFlush()).isTrue();
        writer.doFlush((error, ignored) -> { }).get(10, TimeUnit.SECONDS);
    }

    private OffsetStorageReaderImpl reader() {
        return new OffsetStorageReaderImpl(store, CONNECTOR, keys, values);
    }

    private static JsonConverter converter() {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "false"), false);
        return c;
    }
}
