package org.pkuse.connect.jdbc.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a key's span is cut into ranges of equal width (the ranges themselves run in TableRead*IT). */
class ParallelRangesTest {

    @Test
    void rangesOfEqualWidthCoverTheSpan() {
        assertThat(ParallelRanges.cuts(1, 100, 4)).containsExactly(25L, 50L, 75L);
        assertThat(ParallelRanges.cuts(-10, 10, 2)).containsExactly(0L);
        assertThat(ParallelRanges.cuts(Long.MIN_VALUE, Long.MAX_VALUE, 2)).containsExactly(-1L);
    }
}
