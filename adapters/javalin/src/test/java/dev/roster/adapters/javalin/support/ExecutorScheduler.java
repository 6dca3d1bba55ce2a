package dev.roster.adapters.javalin.support;

import dev.roster.application.port.out.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The application's scheduler on a plain scheduled executor. */
public final class ExecutorScheduler implements Scheduler {
    private final ScheduledExecutorService executor;

    public ExecutorScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        var future = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        long millis = period.toMillis();
        var future = executor.scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}
