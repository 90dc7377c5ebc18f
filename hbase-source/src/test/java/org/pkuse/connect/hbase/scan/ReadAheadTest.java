package org.pkuse.connect.hbase.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pkuse.connect.common.source.RowItem;
import org.pkuse.connect.common.source.SourceRow;

class ReadAheadTest {

    private static final Schema SCHEMA = SchemaBuilder.struct().field("n", Schema.INT32_SCHEMA).build();

    private static RowItem row(int n) {
        return new RowItem.Row(new SourceRow(new byte[] {(byte) n}, Integer.toString(n),
                new Struct(SCHEMA).put("n", n), null));
    }

    private static List<Object> keys(List<RowItem> items) {
        return items.stream().map(i -> ((RowItem.Row) i).row().key()).toList();
    }

    @Test
    @Timeout(10)
    void laterRangesWaitOutsideTheReserveAndTheCurrentRangeAlwaysHasRoom() throws Exception {
        ReadAhead readAhead = new ReadAhead(2, 4, 2);
        assertThat(readAhead.put(1, row(10))).isTrue();
        assertThat(readAhead.put(1, row(11))).isTrue();
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> readAhead.put(1, row(12)));
        assertThat(third).as("a later range beyond its share waits").failsWithin(300, TimeUnit.MILLISECONDS);

        assertThat(readAhead.put(0, row(0))).as("the current range uses the reserve").isTrue();
        assertThat(readAhead.put(0, row(1))).isTrue();
        readAhead.end(0, null);
        assertThat(keys(readAhead.take(2, 0))).containsExactly("0", "1");
        assertThat(keys(readAhead.take(10, 1000))).containsExactly("10", "11");
        assertThat(third.get(1, TimeUnit.SECONDS)).as("range 1 is current now: its scan goes on").isTrue();
        assertThat(keys(readAhead.take(10, 1000))).containsExactly("12");
        readAhead.end(1, null);
        assertThat(readAhead.take(10, 0)).isEmpty();
        assertThat(readAhead.done()).isTrue();
        assertThat(readAhead.maxHeld()).isEqualTo(4);
    }

    @Test
    @Timeout(10)
    void closeWakesAWaitingScan() throws Exception {
        ReadAhead readAhead = new ReadAhead(2, 1, 1);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> readAhead.put(1, row(1)));
        assertThat(waiting).failsWithin(200, TimeUnit.MILLISECONDS);
        readAhead.close();
        assertThat(waiting.get(1, TimeUnit.SECONDS)).isFalse();
    }
}
