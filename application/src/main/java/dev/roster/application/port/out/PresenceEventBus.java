package dev.roster.application.port.out;

/** Carries presence notices of a room to its members on every node. */
public interface PresenceEventBus extends RoomBus<RoomEvent.PresenceNotice> {
}
