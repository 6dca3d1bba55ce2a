package dev.roster.application.port.out;

/** Carries chat messages of a room to its members on every node. */
public interface RoomMessageBus extends RoomBus<RoomEvent.ChatMessage> {
}
