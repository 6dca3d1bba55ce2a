package dev.roster.bench.scenario;

import java.util.concurrent.locks.LockSupport;

/** Waiting for a point in time, by {@link System#nanoTime()}. */
final class Sleep {
    private Sleep() {
    }

    static void until(long deadlineNanos) throws InterruptedException {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
