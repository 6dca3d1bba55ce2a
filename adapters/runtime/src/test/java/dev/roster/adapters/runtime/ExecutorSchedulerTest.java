package dev.roster.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roster.application.port.out.Scheduler.Cancellable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler has one thread, which runs tasks in the order they fall due: once a marker task due later has
 * run, a task due earlier has run too (or never will), so absences are checked without sleeping.
 */
class ExecutorSchedulerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorScheduler scheduler = new ExecutorScheduler();

    @AfterEach
    void close() {
        scheduler.close();
    }

    private void runMarkerAfter(Duration delay) throws InterruptedException {
        CountDownLatch marker = new CountDownLatch(1);
        scheduler.schedule(delay, marker::countDown);
        assertThat(marker.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void aTaskRunsOnceAfterItsDelay() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();

        scheduler.schedule(Duration.ofMillis(20), runs::incrementAndGet);
        runMarkerAfter(Duration.ofMillis(100));

        assertThat(runs).hasValue(1);
    }

    @Test
    void aCancelledTaskNeverRunsAndLeavesTheQueue() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Cancellable task = scheduler.schedule(Duration.ofMillis(50), runs::incrementAndGet);
        assertThat(scheduler.pending()).isEqualTo(1);

        task.cancel();

        assertThat(scheduler.pending()).isZero();
        runMarkerAfter(Duration.ofMillis(150));
        assertThat(runs).hasValue(0);
    }

    @Test
    void aPeriodicTaskGoesOnAfterItFails() {
        AtomicInteger runs = new AtomicInteger();

        scheduler.every(Duration.ofMillis(10), () -> {
            if (runs.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("every other run fails");
            }
        });

        await().atMost(WAIT).until(() -> runs.get() >= 5);
    }

    @Test
    void aCancelledPeriodicTaskStops() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Cancellable task = scheduler.every(Duration.ofMillis(10), runs::incrementAndGet);
        await().atMost(WAIT).until(() -> runs.get() >= 2);

        task.cancel();
        int atCancel = runs.get();
        runMarkerAfter(Duration.ofMillis(100));

        assertThat(scheduler.pending()).isZero();
        // a run already under way when cancel was called may still finish
        assertThat(runs.get()).isBetween(atCancel, atCancel + 1);
    }

    @Test
    void aDelayAlreadyPastRunsAtOnce() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);

        scheduler.schedule(Duration.ofSeconds(-5), ran::countDown);

        assertThat(ran.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> scheduler.every(Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.every(Duration.ofMillis(-1), () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.schedule(Duration.ZERO, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ExecutorScheduler(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aClosedSchedulerRefusesNewTasks() {
        scheduler.close();

        assertThatThrownBy(() -> scheduler.schedule(Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
