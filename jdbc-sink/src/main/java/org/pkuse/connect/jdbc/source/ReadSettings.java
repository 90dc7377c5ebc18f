package org.pkuse.connect.jdbc.source;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * What a run's read needs of the connector's options.
 *
 * @param fetchSize     rows the driver fetches per round trip (the result set streams)
 * @param dbZone        the zone of DATETIME/TIMESTAMP values without one ({@code db.timezone})
 * @param includeValues row values may appear in messages
 * @param inflightWait  how long an incremental run waits for transactions that wrote before it started (0: not at
 *                      all)
 * @param timestampDelay how far behind the server's clock a run on a timestamp column stops
 * @param ranges        key ranges read in parallel where the database shares a snapshot (1: one reader)
 */
public record ReadSettings(int fetchSize, ZoneId dbZone, boolean includeValues, Duration inflightWait,
                           Duration timestampDelay, int ranges) {

    /** Settings without a timestamp delay, one reader. */
    public ReadSettings(int fetchSize, ZoneId dbZone, boolean includeValues, Duration inflightWait) {
        this(fetchSize, dbZone, includeValues, inflightWait, Duration.ZERO, 1);
    }

    /** Settings with one reader. */
    public ReadSettings(int fetchSize, ZoneId dbZone, boolean includeValues, Duration inflightWait,
                        Duration timestampDelay) {
        this(fetchSize, dbZone, includeValues, inflightWait, timestampDelay, 1);
    }

    /** A calendar in {@link #dbZone}, for the driver's date/time getters and setters (not thread-safe: one per use). */
    public Calendar calendar() {
        return Calendar.getInstance(TimeZone.getTimeZone(dbZone));
    }
}
