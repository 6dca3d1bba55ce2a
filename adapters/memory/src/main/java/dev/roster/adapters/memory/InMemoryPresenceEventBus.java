package dev.roster.adapters.memory;

import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;

/** The presence notices of a single node, delivered in process as {@link InMemoryRoomBus} describes. */
public final class InMemoryPresenceEventBus extends InMemoryRoomBus<PresenceNotice> implements PresenceEventBus {
    public InMemoryPresenceEventBus() {
        super("roster-presence-bus");
    }
}
