package dev.roster.application.port.out.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for port answers in the contract suites: a stage that does not complete in {@link #TIMEOUT} fails the
 * test instead of hanging it, and a failed stage throws its cause, so that a port may fail either way (by
 * throwing or by a failed stage) and the suites see the same exception.
 */
public final class Stages {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Stages() {
    }

    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a port", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the port gave no answer within " + TIMEOUT, e);
        }
    }

    /**
     * The wall-clock time at millisecond precision: stores keep epoch milliseconds, and some (Redis) expire keys
     * in real time, so the suites start from now rather than from a fixed date.
     */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
