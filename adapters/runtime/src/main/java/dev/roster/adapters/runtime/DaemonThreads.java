package dev.roster.adapters.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of a node's own executors: daemons, so that none of them keeps a stopping process alive, and named, so
 * that a thread dump tells which part of the node each one serves.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Every thread named {@code name}: for an executor of one thread. */
    public static ThreadFactory named(String name) {
        return task -> daemon(task, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, and so on: for a pool. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> daemon(task, prefix + "-" + count.incrementAndGet());
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
