package dev.roster.application.port.out;

import dev.roster.domain.RoomId;
import java.time.Instant;

/**
 * What this node sends the members of a room that are connected to it: a room event as a bus brought it, or a
 * large room's tally, which this node makes for its own members.
 */
public sealed interface ClientEvent permits RoomEvent.PresenceNotice, RoomEvent.ChatMessage, ClientEvent.Crowd {
    RoomId room();

    /**
     * What a large room hears instead of one presence frame per change: the changes of one short tick, counted,
     * and the room's size. Made by each node for its own members; never travels between nodes.
     *
     * @param members the room's member count, cluster-wide
     * @param changed members that joined or changed status during the tick
     * @param left    members that left during the tick
     */
    record Crowd(RoomId room, long members, int changed, int left, Instant at) implements ClientEvent {
    }
}
