package org.pkuse.connect.common.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RunScheduleTest {

    private static final Instant T = Instant.parse("2026-11-20T10:30:00Z");

    @Test
    void withoutScheduleThereIsNoNextRun() {
        RunSchedule s = new RunSchedule("", Duration.ZERO, 0, ZoneOffset.UTC, "5");
        assertThat(s.nextFrom()).isEqualTo("5");
        s.started(T);
        s.finished(1, "9");
        assertThat(s.due(T.plus(Duration.ofDays(1)))).isFalse();
        assertThat(s.nextRun()).isEqualTo(2);
        assertThat(s.nextFrom()).isEqualTo("9");
        assertThat(s).hasToString("nothing left to do");
    }

    @Test
    void intervalAndCronWhicheverComesFirst() {
        RunSchedule hourly = new RunSchedule("0 * * * *", Duration.ofHours(2), 0, ZoneOffset.UTC, "");
        hourly.started(T);
        hourly.finished(1, "");
        assertThat(hourly.due(T.plus(Duration.ofMinutes(29)))).isFalse();
        assertThat(hourly.due(T.plus(Duration.ofMinutes(30)))).as("cron at 11:00 before the interval").isTrue();

        RunSchedule interval = new RunSchedule("0 * * * *", Duration.ofMinutes(10), 0, ZoneOffset.UTC, "");
        interval.started(T);
        interval.finished(1, "");
        assertThat(interval.due(T.plus(Duration.ofMinutes(10)))).as("interval before the cron").isTrue();
        assertThat(interval.waitMs(T, 3_600_000)).isEqualTo(600_000);
    }

    @Test
    void maxRunsEndsTheSchedule() {
        RunSchedule s = new RunSchedule("", Duration.ofMinutes(1), 2, ZoneOffset.UTC, "");
        s.started(T);
        s.finished(1, "");
        assertThat(s.due(T.plus(Duration.ofMinutes(1)))).isTrue();
        s.started(T.plus(Duration.ofMinutes(1)));
        s.finished(2, "");
        assertThat(s.due(T.plus(Duration.ofDays(1)))).isFalse();
    }
}
