package dev.roster.adapters.memory;

import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.RoomId;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<RoomId, Integer> subscriptions = new ConcurrentHashMap<>();
    private final DeliveryThread delivery;
    private volatile Consumer<E> listener = event -> { };

    /**
     * @param threadName names the delivery thread, so that thread dumps say which bus it is
     * @param telemetry  told of a listener that fails, under {@code where}
     */
    protected InMemoryRoomBus(String threadName, Telemetry telemetry, String where) {
        this.delivery = new DeliveryThread(threadName, telemetry, where);
    }

    @Override
    public CompletionStage<Void> publish(E event) {
        Objects.requireNonNull(event, "event");
        return delivery.deliver(() -> {
            if (subscriptions.containsKey(event.room())) {
                listener.accept(event);
            }
        });
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
        delivery.close();
    }
}
