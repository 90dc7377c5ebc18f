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

    /**
     * Two tasks of one connector share a job's row. Each ledger keeps the row it last wrote, to skip reading it: a
     * change made by the other task in between must still be seen, neither lost nor counted twice.
     */
    @Test
    void twoTasksChangingOneJobLoseNothingOfEachOther() throws IOException {
        TableName name = TableName.valueOf("snk", "ledger_shared");
        JobLedgerTable taskA = new JobLedgerTable(sink.connection, name, "c2");
        JobLedgerTable taskB = new JobLedgerTable(sink.connection, name, "c2");
        taskA.create();
        taskA.open("J", "t", 30, 1_000L);
        for (int from = 1; from <= 30; from += 5) {
            JobLedgerTable task = (from / 5) % 2 == 0 ? taskA : taskB; // A, B, A, ...: each behind the other
            int first = from;
            JobLedgerTable.Changed changed = task.change("J", r -> {
                for (long i = first; i < first + 5; i++) {
                    r.progress().claim(i);
                }
                r.progress().countWritten(5);
                return r;
            });
            assertThat(changed.after().progress().written()).isEqualTo(first + 4);
        }
        JobLedgerTable.JobRow row = taskA.read("J");
        assertThat(row.progress().written()).isEqualTo(30);
        assertThat(row.version()).as("created, then six changes").isEqualTo(7);
    }

    /** A task whose copy of the row predates the other task's change must not take "nothing to do" from it. */
    @Test
    void anEventOwedSinceThisTaskLastWroteTheRowIsStillPaid() throws IOException {
        TableName name = TableName.valueOf("snk", "ledger_paid");
        JobLedgerTable taskA = new JobLedgerTable(sink.connection, name, "c3");
        JobLedgerTable taskB = new JobLedgerTable(sink.connection, name, "c3");
        taskA.create();
        taskA.open("J", "t", 10, 1_000L);
        taskA.change("J", r -> r.paid("start")); // A now holds a row that owes nothing
        taskB.change("J", r -> r.owing("end", 2_000L));

        JobLedgerTable.Changed paid = taskA.change("J", r -> r.owed().contains("end") ? r.paid("end") : null);
        assertThat(paid).as("A read the row again rather than trust its own copy").isNotNull();
        assertThat(taskA.read("J").owes()).isNull();
        assertThat(taskA.owing()).isEmpty();
    }
}
