package dev.roster.adapters.memory;

import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.RoomId;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A room bus inside one process. Events go to the listener only for rooms subscribed at the moment of delivery.
 *
 * <p>Delivery runs on one daemon thread of the bus, so the listener is never called on the publisher's thread
 * and hears every event in the order it was published (across rooms, so per room too). The stage
 * {@link #publish} returns completes once the listener has had the event (or the room had no subscriber), so a
 * caller that waits for it knows this node's members were served.
 *
 * <p>Subscriptions are counted per room: a room subscribed twice stays heard until it is unsubscribed twice, and
 * unsubscribing a room not subscribed does nothing. There is one listener, as the port says: a second
 * {@link #listen} replaces the first, so two applications sharing one bus deliver through the last one built.
 */
public abstract class InMemoryRoomBus<E extends RoomEvent> implements RoomBus<E>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InMemoryRoomBus.class.getName());

    private final Map<RoomId, Integer> subscriptions = new ConcurrentHashMap<>();
    private final ExecutorService delivery;
    private volatile Consumer<E> listener = event -> { };

    /** @param threadName names the delivery thread, so that thread dumps say which bus it is */
    protected InMemoryRoomBus(String threadName) {
        this.delivery = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletionStage<Void> publish(E event) {
        Objects.requireNonNull(event, "event");
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        try {
            delivery.execute(() -> {
                deliver(event);
                delivered.complete(null);
            });
        } catch (RejectedExecutionException e) {
            delivered.completeExceptionally(new IllegalStateException("the bus is closed", e));
        }
        return delivered;
    }

    private void deliver(E event) {
        if (!subscriptions.containsKey(event.room())) {
            return;
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            // one listener failure must not stop the events behind it, nor fail the publisher
            LOG.log(System.Logger.Level.WARNING, "the listener failed on an event of room " + event.room(), e);
        }
    }

    @Override
    public void subscribe(RoomId room) {
        subscriptions.merge(Objects.requireNonNull(room, "room"), 1, Integer::sum);
    }

    @Override
    public void unsubscribe(RoomId room) {
        subscriptions.computeIfPresent(Objects.requireNonNull(room, "room"), (r, n) -> n > 1 ? n - 1 : null);
    }

    @Override
    public void listen(Consumer<E> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Stops the delivery thread once the events already published are delivered; later publishes fail. */
    @Override
    public void close() {
        delivery.shutdown();
    }
}
