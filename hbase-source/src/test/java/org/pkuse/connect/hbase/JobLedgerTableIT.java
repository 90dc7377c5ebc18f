package org.pkuse.connect.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.hbase.TableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pkuse.connect.hbase.sink.JobLedgerTable;

/**
 * The sink's jobs table against a real HBase: only rows that owe an event come back from {@code owing()}, only the
 * connector's own, and a row is created once however often it is opened.
 */
class JobLedgerTableIT {

    @RegisterExtension
    static final SinkFixture sink = new SinkFixture();

    @Test
    void onlyRowsOwingAnEventOfThisConnectorAreListed() throws IOException {
        TableName name = TableName.valueOf("snk", "ledger_owing");
        JobLedgerTable mine = new JobLedgerTable(sink.connection, name, "c1");
        JobLedgerTable other = new JobLedgerTable(sink.connection, name, "c10");
        mine.create();
        for (String job : List.of("A", "B", "C")) {
            assertThat(mine.open(job, "t", 10, 1_000L).created()).isTrue();
        }
        assertThat(mine.open("A", "t", 10, 2_000L).created()).as("opened again").isFalse();
        other.open("D", "t", 10, 1_000L);
        mine.change("A", r -> r.paid("start"));
        mine.change("C", r -> r.paid("start").owing("end", 3_000L));

        assertThat(mine.owing()).extracting(r -> r.progress().jobId() + ":" + r.owes())
                .containsExactlyInAnyOrder("B:start", "C:end");
        assertThat(other.owing()).extracting(r -> r.progress().jobId()).containsExactly("D");
        mine.change("B", r -> r.paid("start"));
        mine.change("C", r -> r.paid("end"));
        assertThat(mine.owing()).isEmpty();
    }
}
