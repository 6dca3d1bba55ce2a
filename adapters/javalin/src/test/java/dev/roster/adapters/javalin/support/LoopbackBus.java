package dev.roster.adapters.javalin.support;

import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.domain.RoomId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A single-node bus: whatever is published is handed to the listener at once, on the publisher's thread. */
public class LoopbackBus<E extends RoomEvent> implements RoomBus<E> {
    private volatile Consumer<E> listener = e -> { };

    @Override
    public CompletionStage<Void> publish(E event) {
        listener.accept(event);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void subscribe(RoomId room) {
        // one node hears every room
    }

    @Override
    public void unsubscribe(RoomId room) {
        // one node hears every room
    }

    @Override
    public void listen(Consumer<E> newListener) {
        this.listener = newListener;
    }

    public static final class Presence extends LoopbackBus<RoomEvent.PresenceNotice> implements PresenceEventBus {
    }

    public static final class Messages extends LoopbackBus<RoomEvent.ChatMessage> implements RoomMessageBus {
    }
}
