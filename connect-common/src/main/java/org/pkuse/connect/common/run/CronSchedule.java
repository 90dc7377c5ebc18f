package org.pkuse.connect.common.run;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A 5-field cron expression: minute (0-59), hour (0-23), day of month (1-31), month (1-12), day of week (0-7,
 * 0 and 7 are Sunday). Each field is {@code *}, a number, a range {@code a-b}, a list {@code a,b}, or any of these
 * with a step {@code /n}. As in classic cron, when both day fields are restricted a day matching either counts.
 */
public final class CronSchedule {

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean dayRestricted;
    private final boolean weekdayRestricted;
    private final String text;

    private CronSchedule(String text, BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays,
                         boolean dayRestricted, boolean weekdayRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.days = days;
        this.months = months;
        this.weekdays = weekdays;
        this.dayRestricted = dayRestricted;
        this.weekdayRestricted = weekdayRestricted;
    }

    public static CronSchedule parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("'" + text + "' has " + f.length + " fields; a cron expression has 5: "
                    + "minute hour day-of-month month day-of-week");
        }
        BitSet weekdays = field(f[4], 0, 7, "day-of-week");
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        return new CronSchedule(text.trim(), field(f[0], 0, 59, "minute"), field(f[1], 0, 23, "hour"),
                field(f[2], 1, 31, "day-of-month"), field(f[3], 1, 12, "month"), weekdays,
                !f[2].equals("*"), !f[4].equals("*"));
    }

    private static BitSet field(String text, int min, int max, String name) {
        BitSet set = new BitSet(max + 1);
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            try {
                if (slash >= 0) {
                    step = Integer.parseInt(part.substring(slash + 1));
                    range = part.substring(0, slash);
                    if (step < 1) {
                        throw new NumberFormatException();
                    }
                }
                int lo;
                int hi;
                if (range.equals("*")) {
                    lo = min;
                    hi = max;
                } else if (range.contains("-")) {
                    lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
                    hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
                } else {
                    lo = Integer.parseInt(range);
                    hi = slash >= 0 ? max : lo;
                }
                if (lo < min || hi > max || lo > hi) {
                    throw new IllegalArgumentException("cron " + name + " '" + part + "' is outside " + min + "-" + max);
                }
                for (int i = lo; i <= hi; i += step) {
                    set.set(i);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cron " + name + " '" + part + "' is not *, n, a-b or */n");
            }
        }
        return set;
    }

    /** The first matching minute strictly after {@code after}. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t;
        }
        throw new IllegalStateException("cron '" + text + "' never fires");
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean day = days.get(t.getDayOfMonth());
        boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (dayRestricted && weekdayRestricted) {
            return day || weekday;
        }
        return day && weekday;
    }

    @Override
    public String toString() {
        return text;
    }
}
