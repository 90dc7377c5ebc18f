package org.pkuse.connect.hbase.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyRangeTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static final byte[][] STARTS = {b(""), b("3"), b("6")};
    private static final byte[][] ENDS = {b("3"), b("6"), b("")};

    @Test
    void wholeTableGivesOnePiecePerRegion() {
        List<KeyRange> pieces = new KeyRange(KeyRange.OPEN, false, KeyRange.OPEN).split(STARTS, ENDS);
        assertThat(pieces).extracting(p -> s(p.start()) + ".." + s(p.stop())).containsExactly("..3", "3..6", "6..");
    }

    @Test
    void rangeIsCutAndResumePointIsExclusive() {
        List<KeyRange> pieces = new KeyRange(b("4"), true, b("7")).split(STARTS, ENDS);
        assertThat(pieces).extracting(p -> s(p.start()) + ".." + s(p.stop()) + (p.startExclusive() ? "!" : ""))
                .containsExactly("4..6!", "6..7");
        assertThat(new KeyRange(b("6"), true, KeyRange.OPEN).split(STARTS, ENDS))
                .extracting(p -> s(p.start()) + (p.startExclusive() ? "!" : "")).containsExactly("6!");
    }
}
