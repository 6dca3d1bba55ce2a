package dev.roster.adapters.javalin.admin;

import java.util.concurrent.ThreadFactory;

/** The dashboard's own threads: named for what they do, and never what keeps a stopping node alive. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
