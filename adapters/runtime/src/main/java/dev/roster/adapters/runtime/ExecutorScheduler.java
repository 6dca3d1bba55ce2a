package dev.roster.adapters.runtime;

import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.Telemetry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the application's timers on a small pool of daemon threads. A cancelled task leaves the queue at once, so
 * the many grace timers that are set and called off take no memory; a task that throws is told to the telemetry
 * ({@code scheduled_task}) and, when periodic, runs again next period. Periodic tasks run with a fixed delay between runs, so a long pause never
 * makes them run back to back to catch up. A delay already past runs the task at once.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Telemetry telemetry;

    /** One thread: the application's tasks are short and never block. */
    public ExecutorScheduler() {
        this(1);
    }

    public ExecutorScheduler(int threads) {
        this(threads, Telemetry.NONE);
    }

    /** With {@code telemetry} told of every task that throws. */
    public ExecutorScheduler(int threads, Telemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        if (threads < 1) {
            throw new IllegalArgumentException("a scheduler needs at least one thread, got " + threads);
        }
        this.executor = new ScheduledThreadPoolExecutor(threads, DaemonThreads.numbered("roster-scheduler"));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        Runnable guarded = guarded(Objects.requireNonNull(task, "task"));
        long nanos = Math.max(0, nanos(delay));
        return submit(() -> executor.schedule(guarded, nanos, TimeUnit.NANOSECONDS));
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a period must be positive, got " + period);
        }
        Runnable guarded = guarded(Objects.requireNonNull(task, "task"));
        long nanos = nanos(period);
        return submit(() -> executor.scheduleWithFixedDelay(guarded, nanos, nanos, TimeUnit.NANOSECONDS));
    }

    /** How many tasks wait to run; cancelled ones are not counted. */
    public int pending() {
        return executor.getQueue().size();
    }

    /** Calls off every task; a task running now finishes, and later calls to schedule fail. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static Cancellable submit(Supplier<ScheduledFuture<?>> scheduling) {
        try {
            ScheduledFuture<?> future = scheduling.get();
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the scheduler is closed", e);
        }
    }

    // an exception escaping a periodic task would cancel all its later runs
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.debug("a scheduled task failed", e);
                telemetry.adapterFailed("scheduled_task", e);
            }
        };
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
