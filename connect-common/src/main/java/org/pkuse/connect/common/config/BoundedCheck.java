package org.pkuse.connect.common.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.common.config.ConfigValue;

/**
 * The part of a connector's {@code validate()} that reaches its outside system (a database, a cluster): the check
 * runs on a daemon thread and is given up after a time limit, so that {@code PUT .../config/validate} answers even
 * when the address leads nowhere. A check that does not finish in time becomes a config error on the key that
 * names the address; one that fails goes to the caller, which knows what its errors mean.
 */
public final class BoundedCheck {

    private final String threadName;
    private final Duration limit;

    /**
     * @param threadName name of the thread the check runs on, as it shows in a worker's thread dump
     * @param limit      how long to wait for the check
     */
    public BoundedCheck(String threadName, Duration limit) {
        this.threadName = threadName;
        this.limit = limit;
    }

    /**
     * Runs {@code check} and waits at most the limit for it; the thread is interrupted when the wait ends.
     *
     * @param values         the validate answer's values by key name
     * @param timeoutKey     the key that gets {@code timeoutMessage} when the check does not finish in time
     * @param timeoutMessage the error for a check that did not finish in time
     * @param onFailure      gets what the check threw
     * @return the check's answer; empty when it timed out, failed, answered null, or the caller was interrupted
     *         (its interrupt flag is kept)
     */
    public <T> Optional<T> run(Callable<T> check, Map<String, ConfigValue> values, String timeoutKey,
                               String timeoutMessage, Consumer<Throwable> onFailure) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<T> answer = executor.submit(check);
            try {
                return Optional.ofNullable(answer.get(limit.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                answer.cancel(true);
                ConfigValue value = values.get(timeoutKey);
                if (value != null) {
                    value.addErrorMessage(timeoutMessage);
                }
            } catch (ExecutionException e) {
                onFailure.accept(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        } finally {
            executor.shutdownNow();
        }
    }
}
