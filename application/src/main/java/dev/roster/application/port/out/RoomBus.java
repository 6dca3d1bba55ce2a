package dev.roster.application.port.out;

import dev.roster.domain.RoomId;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Carries one kind of room event to every node that has a member of the room. A node says which rooms it wants
 * with {@link #subscribe(RoomId)}; whatever arrives for them goes to the one listener given to {@link #listen}.
 */
public interface RoomBus<E extends RoomEvent> {

    CompletionStage<Void> publish(E event);

    /** From now on this node hears the room's events. Calls for one room are balanced by the caller. */
    void subscribe(RoomId room);

    void unsubscribe(RoomId room);

    /** Sets the single listener; it is called on the bus's own thread and must not block. */
    void listen(Consumer<E> listener);
}
