package dev.roster.adapters.memory;

import dev.roster.adapters.runtime.DaemonThreads;
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
 * once the delivery has run.
 */
final class DeliveryThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryThread.class);

    private final ExecutorService executor;

    DeliveryThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(DaemonThreads.named(name));
    }

    /** Runs {@code delivery} after every delivery given before; a failure of it is logged, never passed on. */
    CompletionStage<Void> deliver(Runnable delivery) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    delivery.run();
                } catch (RuntimeException e) {
                    // a listener's failure must not stop the events behind it, nor fail the publisher
                    LOG.warn("a listener failed", e);
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
            LOG.warn("a listener failed", e);
        }
    }

    /** Lets the deliveries already given run, then stops the thread; later deliveries fail. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
