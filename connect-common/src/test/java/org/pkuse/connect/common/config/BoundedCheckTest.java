package org.pkuse.connect.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class BoundedCheckTest {

    private final Map<String, ConfigValue> values = Map.of("host", new ConfigValue("host"), "port",
            new ConfigValue("port"));
    private final List<Throwable> failures = new ArrayList<>();

    @Test
    void answerInTimeIsReturned() {
        assertThat(new BoundedCheck("t", Duration.ofSeconds(5)).run(() -> "ok", values, "host", "late",
                failures::add)).contains("ok");
        assertThat(values.get("host").errorMessages()).isEmpty();
        assertThat(failures).isEmpty();
    }

    @Test
    void timeoutIsAnErrorOnTheKeyAndStopsTheCheck() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        assertThat(new BoundedCheck("pkuse-test-validate", Duration.ofMillis(100)).run(() -> {
            thread.set(Thread.currentThread());
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        }, values, "host", "host: no answer within 100 ms", failures::add)).isEmpty();
        assertThat(values.get("host").errorMessages()).containsExactly("host: no answer within 100 ms");
        assertThat(values.get("port").errorMessages()).isEmpty();
        assertThat(failures).isEmpty();
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the check's thread is interrupted").isTrue();
        assertThat(thread.get().isDaemon()).isTrue();
        assertThat(thread.get().getName()).isEqualTo("pkuse-test-validate");
    }

    @Test
    void failureGoesToTheCallerUnwrapped() {
        IllegalStateException boom = new IllegalStateException("refused");
        assertThat(new BoundedCheck("t", Duration.ofSeconds(5)).run(() -> {
            throw boom;
        }, values, "host", "late", failures::add)).isEmpty();
        assertThat(failures).containsExactly(boom);
        assertThat(values.get("host").errorMessages()).isEmpty();
    }
}
