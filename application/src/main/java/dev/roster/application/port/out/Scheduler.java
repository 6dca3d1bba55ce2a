package dev.roster.application.port.out;

import java.time.Duration;

/** Runs work later, off the caller's thread. Tasks must not block. */
public interface Scheduler {
    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, first after one period, until cancelled. */
    Cancellable every(Duration period, Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
