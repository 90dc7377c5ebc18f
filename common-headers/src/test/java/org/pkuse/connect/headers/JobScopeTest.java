package org.pkuse.connect.headers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobScopeTest {

    @Test
    void scopeAcceptsTheJobAndItsPeriodicRuns() {
        JobScope scope = new JobScope("100003");
        assertThat(scope.accepts("100003")).isTrue();
        assertThat(scope.accepts("100003-7")).isTrue();
        assertThat(scope.accepts("100003-")).isFalse();
        assertThat(scope.accepts("1000031")).isFalse();
        assertThat(scope.accepts("100004")).isFalse();
        assertThat(new JobScope("").accepts("anything")).isTrue();
        assertThat(new JobScope(null).servesAll()).isTrue();
    }
}
