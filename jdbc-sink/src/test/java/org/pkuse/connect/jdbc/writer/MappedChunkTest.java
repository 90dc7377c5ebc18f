package org.pkuse.connect.jdbc.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.pkuse.connect.headers.JobHeaders;
import org.pkuse.connect.headers.JobScope;
import org.pkuse.connect.jdbc.JdbcSinkConfig.InsertMode;
import org.pkuse.connect.jdbc.JdbcSinkConfig.PrimaryKeyMode;

/** Job headers that the flush cannot claim are row errors of their record, not failures of the flush. */
class MappedChunkTest {

    private static final Schema VALUE = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    private final RecordMapper mapper = new RecordMapper("${topic}", PrimaryKeyMode.RECORD_VALUE, List.of("id"),
            List.of(), InsertMode.UPSERT, false);

    private static SinkRecord record(long offset, Object predictedTotal, Object currentIndex, boolean isEnd) {
        ConnectHeaders h = new ConnectHeaders();
        h.addString(JobHeaders.TASK_ID, "J");
        h.add(JobHeaders.PREDICTED_TOTAL, predictedTotal, null);
        h.add(JobHeaders.CURRENT_INDEX, currentIndex, null);
        h.addBoolean(JobHeaders.IS_END, isEnd);
        return new SinkRecord("t", 0, null, null, VALUE, new Struct(VALUE).put("id", (int) offset), offset, null,
                null, h);
    }

    @Test
    void invalidIndexesAreRowErrorsAndTheOtherRecordsOfTheChunkStay() {
        long two32 = 1L << 32;
        List<SinkRecord> records = new ArrayList<>(List.of(
                record(0, 10L, 1L, false),
                record(1, 10L, -3L, false),                       // negative
                record(2, 10L, 0L, false),                        // 0 on a record that is no empty-run marker
                record(3, 10L, 11L, false),                       // above predictedTotal
                record(4, Long.MAX_VALUE, two32, false),          // fine: int64 indexes
                record(5, Long.MAX_VALUE, Long.MAX_VALUE, true),  // fine
                record(6, "10", "seven", false)));                // not a number

        List<MappedChunk.Item> items = MappedChunk.map(records, mapper, new JobScope("")).items();

        assertThat(items).hasSize(7);
        assertThat(items).extracting(i -> i.error == null).containsExactly(true, false, false, false, true, true,
                false);
        assertThat(items.get(1).error).isInstanceOf(DataException.class).hasMessageContaining("currentIndex");
        assertThat(items.get(2).error).hasMessageContaining("currentIndex").hasMessageContaining("empty-run");
        assertThat(items.get(3).error).hasMessage("Job header currentIndex is 11, above predictedTotal 10 "
                + "(job J); a run's indexes are 1..predictedTotal");
        assertThat(items.get(3).job).as("an invalid index is never claimed").isNull();
        assertThat(items.get(4).job.currentIndex()).isEqualTo(two32);
        assertThat(items.get(5).row).isNotNull();
    }
}
