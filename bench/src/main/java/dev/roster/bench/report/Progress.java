package dev.roster.bench.report;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints one progress line a second while a run goes on, until closed. */
public final class Progress implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private final long started = System.nanoTime();

    public Progress(PrintStream out, Supplier<String> line) {
        timer.scheduleAtFixedRate(() -> {
            try {
                out.printf("[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, line.get());
            } catch (RuntimeException e) {
                out.println("progress line failed: " + e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
