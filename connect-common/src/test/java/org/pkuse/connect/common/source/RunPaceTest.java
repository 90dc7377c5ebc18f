package org.pkuse.connect.common.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunPaceTest {

    @Test
    void withoutALimitEveryPollMayReturnABatch() {
        RunPace pace = new RunPace(0, 200);
        pace.sent(1_000_000);
        assertThat(pace.allowance()).isEqualTo(200);
    }

    @Test
    void aRunMayHandOutOneSecondsWorthAheadThenWaits() {
        RunPace pace = new RunPace(10, 200);
        assertThat(pace.allowance()).as("one second's worth, not a whole batch").isEqualTo(10);
        pace.sent(10);
        assertThat(pace.allowance()).isZero();
        assertThat(pace.retryMs()).as("about one record's time").isEqualTo(100);
        pace.restart();
        assertThat(pace.allowance()).as("a new run counts from its own start").isEqualTo(10);
    }
}
