package org.pkuse.connect.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunOutcomeTest {

    @Test
    void descriptionStartsWithTheExactTotal() {
        assertThat(RunOutcome.of(2000).description()).isEqualTo("2000");
        assertThat(RunOutcome.of(1998).withSkipped(2).description()).isEqualTo("1998, skipped=2");
        assertThat(RunOutcome.of(5).withDeadLettered(1).withNextIncrementValue("1700000000000").description())
                .isEqualTo("5, deadLettered=1, lastincrementvalue=1700000000000");
        assertThat(RunOutcome.of(0).withSkipped(0).description()).isEqualTo("0");
    }

    @Test
    void errorDescriptionCarriesTheTraceWithSecretsMasked() {
        String text = JobRun.describe("cannot connect to jdbc:mysql://db/x?user=a&password=s3cret",
                new IllegalStateException("pwd=hunter2 refused"));

        assertThat(text).contains("cannot connect to jdbc:mysql://db/x?user=a&password=****")
                .contains("java.lang.IllegalStateException: pwd=**** refused")
                .contains("at org.pkuse.connect.status.RunOutcomeTest")
                .doesNotContain("s3cret").doesNotContain("hunter2");
    }

    @Test
    void errorDescriptionIsCutBelowTheMessageSizeLimit() {
        String text = JobRun.describe("x".repeat(100_000), null);

        assertThat(text).hasSizeLessThan(JobRun.MAX_DESCRIPTION_CHARS + 20).endsWith("... (cut)");
    }
}
