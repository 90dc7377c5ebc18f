package org.pkuse.connect.jdbc.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run stands in key order: the key values of the last row sent, as texts, kept in the source offset so that
 * a resumed run reads the rows after it. Each text is stored with its length, so any character may appear in it.
 */
public final class KeyPosition {

    private KeyPosition() {
    }

    public static byte[] encode(List<String> texts) {
        StringBuilder b = new StringBuilder();
        for (String t : texts) {
            if (t == null) {
                b.append("-;");
            } else {
                b.append(t.length()).append(':').append(t);
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the bytes are not a position of {@code count} values */
    public static List<String> decode(byte[] position, int count) {
        String s = new String(position, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(count);
        int at = 0;
        while (at < s.length()) {
            if (s.startsWith("-;", at)) {
                out.add(null);
                at += 2;
                continue;
            }
            int colon = s.indexOf(':', at);
            if (colon < 0) {
                throw new IllegalArgumentException("the stored position is not one of this connector");
            }
            int length = Integer.parseInt(s.substring(at, colon));
            out.add(s.substring(colon + 1, colon + 1 + length));
            at = colon + 1 + length;
        }
        if (out.size() != count) {
            throw new IllegalArgumentException("the stored position has " + out.size() + " key value(s), the key "
                    + count);
        }
        return out;
    }
}
