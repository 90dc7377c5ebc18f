package org.pkuse.connect.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

class JobProgressTest {

    @Test
    void completeOnlyWhenEveryIndexUpToTheEndIsCommitted() {
        JobProgress p = JobProgress.fresh("100003", "t", 5);
        for (long i : new long[] {1, 2, 5, 3}) {
            assertThat(p.claim(i)).isTrue();
        }
        p.endAt(5);
        assertThat(p.complete()).isFalse();
        assertThat(p.endIfComplete()).isFalse();
        assertThat(p.claim(4)).isTrue();
        assertThat(p.complete()).isTrue();
        assertThat(p.endIfComplete()).isTrue();
        assertThat(p.endIfComplete()).as("only the first caller flips the job").isFalse();
        assertThat(p.state()).isEqualTo(JobProgress.State.ENDED);
    }

    @Test
    void missingIndexesAreNamedAsRangesUpToTheEndOrThePredictedTotal() {
        JobProgress p = JobProgress.fresh("j", "t", 12);
        for (long i : new long[] {1, 2, 4, 5, 9}) {
            p.claim(i);
        }
        assertThat(p.missing(20)).as("no isEnd yet: up to predictedTotal").isEqualTo("3, 6-8, 10-12");
        p.endAt(10);
        assertThat(p.missing(20)).isEqualTo("3, 6-8, 10");
        assertThat(p.missing(2)).isEqualTo("3, 6-8, ...");
        for (long i : new long[] {3, 6, 7, 8, 10}) {
            p.claim(i);
        }
        assertThat(p.missing(20)).isEmpty();
    }

    @Test
    void aResentIndexIsClaimedOnce() {
        JobProgress p = JobProgress.fresh("j", "t", 3);
        assertThat(p.claim(2)).isTrue();
        assertThat(p.claim(2)).isFalse();
        assertThat(p.committed()).isEqualTo(1);
    }

    @Test
    void noEndWithoutTheEndRecord() {
        JobProgress p = JobProgress.fresh("j", "t", 2);
        p.claim(1);
        p.claim(2);
        assertThat(p.complete()).as("N is known only from the isEnd record").isFalse();
    }

    @Test
    void emptyRunIsComplete() {
        JobProgress p = JobProgress.fresh("j", "t", 0);
        p.endAt(0);
        assertThat(p.endIfComplete()).isTrue();
    }

    @Test
    void indexesSurviveSerializationCompactly() {
        JobProgress p = JobProgress.fresh("j", "t", 1_000_000);
        for (long i = 1; i <= 1_000_000; i++) {
            p.claim(i);
        }
        byte[] bytes = p.serializeIndexes();
        assertThat(bytes.length).as("a contiguous run is stored as runs, not 125 KB of bits").isLessThan(1024);
        JobProgress back = new JobProgress("j", "t", 1_000_000, 1_000_000L, 0, 0, JobProgress.State.RUNNING,
                JobProgress.deserializeIndexes(bytes));
        assertThat(back.committed()).isEqualTo(1_000_000);
        assertThat(back.complete()).isTrue();
        assertThat(back.claim(500_000)).isFalse();
        assertThat(JobProgress.deserializeIndexes(null).isEmpty()).isTrue();
    }

    @Test
    void indexesAroundTwoToThe32AndUpToLongMaxAreClaimedAndStored() {
        long two32 = 1L << 32;
        long[] big = {two32 - 1, two32, two32 + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        JobProgress p = JobProgress.fresh("j", "t", Long.MAX_VALUE);
        for (long i : big) {
            assertThat(p.claim(i)).as("index %d", i).isTrue();
        }
        assertThat(p.claim(two32)).as("claimed once").isFalse();
        assertThatThrownBy(() -> p.claim(0)).isInstanceOf(DataException.class);
        assertThat(p.contains(two32 + 2)).isFalse();

        JobProgress back = new JobProgress("j", "t", Long.MAX_VALUE, null, 0, 0, JobProgress.State.RUNNING,
                JobProgress.deserializeIndexes(p.serializeIndexes()));
        for (long i : big) {
            assertThat(back.contains(i)).as("index %d after a round trip", i).isTrue();
        }
        assertThat(back.committed()).isEqualTo(big.length);
        assertThat(back.missing(3)).isEqualTo("1-4294967294, 4294967298-9223372036854775805");
    }

    @Test
    void aJobOfMoreThanTwoToThe32RecordsCompletesAndNamesItsGapsWithoutWalkingThem() {
        long n = (1L << 32) + 5;
        Roaring64NavigableMap stored = new Roaring64NavigableMap();
        stored.addRange(1, n + 1);
        stored.removeLong(1000);
        stored.removeLong((1L << 32) + 1);
        JobProgress p = new JobProgress("j", "t", n, n, 0, 0, JobProgress.State.RUNNING, stored);
        assertThat(p.missing(20)).isEqualTo("1000, 4294967297");
        assertThat(p.complete()).isFalse();

        JobProgress flush = JobProgress.fresh("j", "t", n);
        flush.claim(1000);
        flush.claim((1L << 32) + 1);
        assertThat(p.absorb(flush)).isTrue();
        assertThat(p.complete()).isTrue();
        assertThat(p.missing(20)).isEmpty();
        assertThat(p.committed()).isEqualTo(n);
        assertThat(p.absorb(flush)).as("its indexes are committed now").isFalse();
    }

    @Test
    void rowsStoredInThe32BitFormatAreReadAndSmallSetsStillWriteIt() throws Exception {
        org.roaringbitmap.RoaringBitmap old = org.roaringbitmap.RoaringBitmap.bitmapOf(1, 2, 3, 7, -1);
        old.runOptimize();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        old.serialize(new java.io.DataOutputStream(out));
        byte[] stored = out.toByteArray(); // a row as versions with 32-bit indexes wrote it (-1: index 2^32-1)

        JobProgress read = new JobProgress("j", "t", 10, null, 0, 0, JobProgress.State.RUNNING,
                JobProgress.deserializeIndexes(stored));
        assertThat(read.committed()).isEqualTo(5);
        assertThat(read.contains(7)).isTrue();
        assertThat(read.contains(0xFFFF_FFFFL)).isTrue();
        assertThat(read.missing(5)).isEqualTo("4-6, 8-10");
        assertThat(read.serializeIndexes()).as("unchanged sets are written back byte for byte").isEqualTo(stored);

        read.claim(1L << 40);
        byte[] wide = read.serializeIndexes();
        assertThat(wide[0]).isEqualTo((byte) 0x40);
        assertThat(JobProgress.deserializeIndexes(wide).contains(1L << 40)).isTrue();
        assertThat(JobProgress.deserializeIndexes(JobProgress.fresh("j", "t", 0).serializeIndexes()).isEmpty())
                .isTrue();
    }

    @Test
    void aFlushIsAddedToTheLockedRowWithItsCountsAndEnd() {
        JobProgress row = JobProgress.fresh("j", "t", 4);
        row.claim(1);
        row.claim(2);
        row.countWritten(2);
        JobProgress flush = JobProgress.fresh("j", "t", 4);
        flush.claim(3);
        flush.claim(4);
        flush.countWritten(1);
        flush.countDeadLettered(1);
        flush.endAt(4);

        assertThat(row.absorb(flush)).isTrue();

        assertThat(row.committed()).isEqualTo(4);
        assertThat(row.written()).isEqualTo(3);
        assertThat(row.deadLettered()).isEqualTo(1);
        assertThat(row.endIndex()).isEqualTo(4L);
        assertThat(row.endIfComplete()).isTrue();
    }

    @Test
    void aFlushWithAnIndexCommittedMeanwhileChangesNothing() {
        JobProgress row = JobProgress.fresh("j", "t", 3);
        row.claim(2);
        row.countWritten(1);
        JobProgress flush = JobProgress.fresh("j", "t", 3);
        flush.claim(1);
        flush.claim(2);
        flush.countWritten(2);
        flush.endAt(3);

        assertThat(row.absorb(flush)).as("index 2 was committed by another task").isFalse();

        assertThat(row.committed()).isEqualTo(1);
        assertThat(row.written()).isEqualTo(1);
        assertThat(row.endIndex()).isNull();
    }
}
