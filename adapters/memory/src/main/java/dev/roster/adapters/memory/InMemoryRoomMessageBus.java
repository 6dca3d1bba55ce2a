package dev.roster.adapters.memory;

import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomMessageBus;

/** The chat messages of a single node, delivered in process as {@link InMemoryRoomBus} describes. */
public final class InMemoryRoomMessageBus extends InMemoryRoomBus<ChatMessage> implements RoomMessageBus {
    public InMemoryRoomMessageBus() {
        super("roster-message-bus");
    }
}
