package org.pkuse.connect.hbase.run;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The source offset of a job: where its current (or last) run stands. One source partition per job
 * ({@code {table, job}}), so a restarted task finds exactly its own state.
 *
 * @param run            run number, from 1 (each scheduled run is its own job {@code <job>-<run>})
 * @param runTaskId      the taskId header of the run
 * @param upTo           the run's upper time bound (epoch ms), fixed at its start
 * @param from           the run's lower bound: {@code pkuse.lastincrementvalue} it started from ("" = beginning)
 * @param predictedTotal records the run predicted at its start
 * @param lastRow        row key of the last record sent (and committed), null before the first
 * @param index          currentIndex of that record (0 before the first)
 * @param skipped        rows skipped so far by {@code errors.tolerance=all}
 * @param next           the {@code pkuse.lastincrementvalue} for the next run as known so far ("" = none)
 * @param done           the record is the run's last one ({@code isEnd}): once it is committed the run has sent
 *                       everything, and its end event follows right after its acknowledgement
 * @param fingerprint    digest of the options that define the job's data; a changed config starts a new job
 */
public record RunOffset(long run, String runTaskId, long upTo, String from, long predictedTotal, byte[] lastRow,
                        long index, long skipped, String next, boolean done,
                        String fingerprint) {

    public static Map<String, Object> partition(String table, String job) {
        Map<String, Object> p = new HashMap<>();
        p.put("table", table);
        p.put("job", job);
        return p;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new HashMap<>();
        m.put("run", run);
        m.put("runTaskId", runTaskId);
        m.put("upTo", upTo);
        m.put("from", from);
        m.put("predictedTotal", predictedTotal);
        m.put("lastRow", lastRow == null ? null : Base64.getEncoder().encodeToString(lastRow));
        m.put("index", index);
        m.put("skipped", skipped);
        m.put("next", next);
        m.put("done", done);
        m.put("fingerprint", fingerprint);
        return m;
    }

    public static RunOffset fromMap(Map<String, ?> m) {
        if (m == null || m.get("run") == null) {
            return null;
        }
        Object row = m.get("lastRow");
        return new RunOffset(number(m.get("run")), String.valueOf(m.get("runTaskId")), number(m.get("upTo")),
                m.get("from") == null ? "" : String.valueOf(m.get("from")), number(m.get("predictedTotal")),
                row == null ? null : Base64.getDecoder().decode(String.valueOf(row)), number(m.get("index")),
                number(m.get("skipped")), m.get("next") == null ? "" : String.valueOf(m.get("next")),
                Boolean.TRUE.equals(m.get("done")) || "true".equals(String.valueOf(m.get("done"))),
                m.get("fingerprint") == null ? "" : String.valueOf(m.get("fingerprint")));
    }

    private static long number(Object o) {
        return o == null ? 0 : o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }

}
