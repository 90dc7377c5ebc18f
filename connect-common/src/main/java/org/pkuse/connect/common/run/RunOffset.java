package org.pkuse.connect.common.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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
 * @param rerun          0 for the job's first run; n for its n-th rerun ({@code pkuse-status rerun}, or a changed
 *                       configuration), which a sink keeps apart from the earlier ones ({@code pkuseRerun} header)
 * @param bound          the run's upper bound on its increment field, fixed at its start, so that a resumed run
 *                       reads no row added since ("" = none: the source has no such bound)
 */
public record RunOffset(long run, String runTaskId, long upTo, String from, long predictedTotal, byte[] lastRow,
                        long index, long skipped, String next, boolean done,
                        String fingerprint, long rerun, String bound) {

    /** Key of the rerun number in an offset; an offset with only this key asks for a rerun. */
    public static final String RERUN = "rerun";

    public static Map<String, Object> partition(String table, String job) {
        // The worker finds an offset by the bytes of its partition: a HashMap of these keys iterates in the same
        // order in every JVM (Map.of would not), and changing that order would lose every stored offset.
        Map<String, Object> p = new HashMap<>();
        p.put("table", table);
        p.put("job", job);
        return p;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new HashMap<>(32); // 13 entries without a resize; one map per record sent
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
        m.put(RERUN, rerun);
        m.put("bound", bound);
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
                m.get("fingerprint") == null ? "" : String.valueOf(m.get("fingerprint")), number(m.get(RERUN)),
                m.get("bound") == null ? "" : String.valueOf(m.get("bound")));
    }

    /**
     * The rerun that an offset without a run asks for: {@code pkuse-status rerun} writes {@code {"rerun": n}} for a
     * stopped connector (Kafka 3.6+ offsets API); 0 when the offset asks for nothing.
     */
    public static long rerunRequested(Map<String, ?> m) {
        return m == null || m.get("run") != null ? 0 : number(m.get(RERUN));
    }

    private static long number(Object o) {
        return o == null ? 0 : o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }

    /**
     * Digest of the option values that define what a job reads; a stored offset of another configuration is not
     * resumed.
     */
    public static String fingerprint(List<String> definition) {
        String text = String.join("\u0000", definition);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
