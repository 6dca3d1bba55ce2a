package dev.roster.adapters.memory;

import dev.roster.adapters.runtime.DaemonThreads;
import dev.roster.application.port.out.Telemetry;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that hands events to listeners in the order they were given, so that listeners never run on
 * a publisher's thread and always hear events in publish order. The stage {@link #deliver} returns completes
 * once the delivery has run. A listener that fails is told to the telemetry under the thread's {@code where}.
 */
final class DeliveryThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryThread.class);

    private final ExecutorService executor;
    private final Telemetry telemetry;
    private final String where;

    DeliveryThread(String name, Telemetry telemetry, String where) {
        this.executor = Executors.newSingleThreadExecutor(DaemonThreads.named(name));
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.where = where;
    }

    /** Runs {@code delivery} after every delivery given before; a failure of it is told, never passed on. */
    CompletionStage<Void> deliver(Runnable delivery) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    delivery.run();
                } catch (RuntimeException e) {
                    // a listener's failure must not stop the events behind it, nor fail the publisher
                    failed(e);
                }
                delivered.complete(null);
            });
        } catch (RejectedExecutionException e) {
            delivered.completeExceptionally(new IllegalStateException("closed: nothing is delivered any more", e));
        }
        return delivered;
    }

    /** Hands {@code event} to one of several listeners, so that its failure keeps none of the others from it. */
    <E> void isolated(Consumer<E> listener, E event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        LOG.debug("a listener failed", e);
        telemetry.adapterFailed(where, e);
    }

    /** Lets the deliveries already given run, then stops the thread; later deliveries fail. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
