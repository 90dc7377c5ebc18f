package org.pkuse.connect.hbase.scan;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.hbase.util.Bytes;

/**
 * A row-key range: from {@code start} (inclusive, or exclusive when {@code startExclusive}) to {@code stop}
 * (exclusive). Empty arrays mean the table's start and end.
 */
public record KeyRange(byte[] start, boolean startExclusive, byte[] stop) {

    public static final byte[] OPEN = new byte[0];

    /** Cuts this range at region boundaries: one piece per region it overlaps, in row-key order. */
    public List<KeyRange> split(byte[][] regionStarts, byte[][] regionEnds) {
        List<KeyRange> out = new ArrayList<>();
        for (int i = 0; i < regionStarts.length; i++) {
            byte[] rs = regionStarts[i];
            byte[] re = regionEnds[i];
            // region [rs, re) with empty re meaning the end
            boolean beforeStart = re.length > 0 && start.length > 0 && Bytes.compareTo(re, start) <= 0;
            boolean afterStop = stop.length > 0 && Bytes.compareTo(rs, stop) >= 0;
            if (beforeStart || afterStop) {
                continue;
            }
            boolean startsInside = start.length > 0 && Bytes.compareTo(start, rs) >= 0;
            byte[] s = startsInside ? start : rs;
            boolean exclusive = startsInside && startExclusive;
            byte[] e = stop.length == 0 ? re : re.length == 0 ? stop : Bytes.compareTo(stop, re) < 0 ? stop : re;
            out.add(new KeyRange(s, exclusive, e));
        }
        return out;
    }
}
