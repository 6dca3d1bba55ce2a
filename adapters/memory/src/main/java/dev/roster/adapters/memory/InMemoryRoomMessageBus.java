package dev.roster.adapters.memory;

import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.Telemetry;

/** The chat messages of a single node, delivered in process as {@link InMemoryRoomBus} describes. */
public final class InMemoryRoomMessageBus extends InMemoryRoomBus<ChatMessage> implements RoomMessageBus {
    public InMemoryRoomMessageBus() {
        this(Telemetry.NONE);
    }

    /** With {@code telemetry} told of a listener that fails ({@code message_listener}). */
    public InMemoryRoomMessageBus(Telemetry telemetry) {
        super("roster-message-bus", telemetry, "message_listener");
    }
}
