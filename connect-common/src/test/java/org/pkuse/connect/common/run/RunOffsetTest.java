package org.pkuse.connect.common.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RunOffsetTest {

    @Test
    void anOffsetRoundTripsWithItsRerun() {
        RunOffset o = new RunOffset(2, "j-2", 1000, "", 5, new byte[] {1, 2}, 3, 0, "1000", false, "fp", 4, "77");
        RunOffset back = RunOffset.fromMap(o.toMap());
        assertThat(back.rerun()).isEqualTo(4);
        assertThat(back.bound()).isEqualTo("77");
        assertThat(back.run()).isEqualTo(2);
        assertThat(back.lastRow()).containsExactly(1, 2);
        assertThat(RunOffset.rerunRequested(o.toMap())).as("a run's offset asks for nothing").isZero();
    }

    @Test
    void anOffsetWithOnlyARerunAsksForOneAndOldOffsetsAreTheFirstRun() {
        assertThat(RunOffset.fromMap(Map.of("rerun", 2))).isNull();
        assertThat(RunOffset.rerunRequested(Map.of("rerun", 2))).isEqualTo(2);
        assertThat(RunOffset.rerunRequested(null)).isZero();
        Map<String, Object> old = new RunOffset(1, "j", 1, "", 1, null, 1, 0, "", true, "fp", 0, "").toMap();
        old.remove("rerun"); // written before reruns existed
        old.remove("bound"); // and before increment bounds
        assertThat(RunOffset.fromMap(old).rerun()).isZero();
        assertThat(RunOffset.fromMap(old).bound()).isEmpty();
    }

    @Test
    void aPartitionIteratesInTheSameKeyOrderInEveryJvm() {
        // The worker stores an offset under the JSON bytes of its partition, written in iteration order: the order
        // the offsets of every deployed job were stored in.
        assertThat(List.copyOf(RunOffset.partition("default:t", "job-1").keySet())).containsExactly("job", "table");
    }

    @Test
    void theFingerprintOfStoredOffsetsStaysTheSame() {
        // SHA-256 of the values joined by NUL, first 12 bytes: offsets stored by earlier versions must still match
        List<String> definition = List.of("job-1", "default:t", "1", "", "", "[]", "id", "", "", "STRING", "", "0");
        assertThat(RunOffset.fingerprint(definition)).isEqualTo("1d5c9bed1bf2aee758ce1351");
    }
}
