package org.pkuse.connect.common.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final ZonedDateTime T = ZonedDateTime.of(2026, 11, 21, 8, 30, 15, 0, ZoneOffset.UTC);

    @Test
    void nextFireTimes() {
        assertThat(CronSchedule.parse("* * * * *").next(T)).isEqualTo(T.withSecond(0).plusMinutes(1));
        assertThat(CronSchedule.parse("*/15 * * * *").next(T)).isEqualTo(T.withMinute(45).withSecond(0));
        assertThat(CronSchedule.parse("0 2 * * *").next(T)).isEqualTo(T.plusDays(1).withHour(2).withMinute(0)
                .withSecond(0));
        assertThat(CronSchedule.parse("30 8 * * *").next(T)).isEqualTo(T.plusDays(1).withSecond(0));
        // 2026-11-21 is a Saturday; next Monday 00:00
        assertThat(CronSchedule.parse("0 0 * * 1").next(T)).isEqualTo(ZonedDateTime.of(2026, 11, 23, 0, 0, 0, 0,
                ZoneOffset.UTC));
        assertThat(CronSchedule.parse("0 0 1 1,6 *").next(T)).isEqualTo(ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0,
                ZoneOffset.UTC));
        assertThat(CronSchedule.parse("0 9-17/4 * * *").next(T)).isEqualTo(T.withHour(9).withMinute(0).withSecond(0));
    }

    @Test
    void malformed() {
        assertThatThrownBy(() -> CronSchedule.parse("* * *")).hasMessageContaining("5");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("minute");
        assertThatThrownBy(() -> CronSchedule.parse("a * * * *")).hasMessageContaining("minute");
        assertThatThrownBy(() -> CronSchedule.parse("* * * 13 *")).hasMessageContaining("month");
    }
}
