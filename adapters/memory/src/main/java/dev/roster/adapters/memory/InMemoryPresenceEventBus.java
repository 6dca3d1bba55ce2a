package dev.roster.adapters.memory;

import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.Telemetry;

/** The presence notices of a single node, delivered in process as {@link InMemoryRoomBus} describes. */
public final class InMemoryPresenceEventBus extends InMemoryRoomBus<PresenceNotice> implements PresenceEventBus {
    public InMemoryPresenceEventBus() {
        this(Telemetry.NONE);
    }

    /** With {@code telemetry} told of a listener that fails ({@code presence_listener}). */
    public InMemoryPresenceEventBus(Telemetry telemetry) {
        super("roster-presence-bus", telemetry, "presence_listener");
    }
}
