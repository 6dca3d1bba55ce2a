package dev.roster.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a transition did: changed the presence and says which events happened, left it as it was, or refused.
 * A transition never calls out; whoever applied it stores {@link Changed#next()} and announces the events.
 */
public sealed interface Outcome {

    /** The presence as it is after the transition (the current one when nothing changed). */
    Presence presence();

    /**
     * The new presence, with a version one above the old one, and the events in the order they happened.
     * {@code roomSizes} is what the store counted in each room whose membership the change altered, right after it
     * stored the change: empty from a transition, and filled in by a store that counts rooms as it commits, so that
     * what is said of the change can carry the room's size without asking the store again.
     */
    record Changed(Presence next, List<PresenceEvent> events, Map<RoomId, Long> roomSizes) implements Outcome {
        public Changed {
            Objects.requireNonNull(next, "next");
            events = List.copyOf(events);
            roomSizes = Map.copyOf(roomSizes);
            roomSizes.forEach((room, size) -> {
                if (size < 0) {
                    throw new IllegalArgumentException("a room's size is never negative: " + room + "=" + size);
                }
            });
        }

        public Changed(Presence next, List<PresenceEvent> events) {
            this(next, events, Map.of());
        }

        /** The same change, with the sizes the store counted in the rooms it altered. */
        public Changed withRoomSizes(Map<RoomId, Long> sizes) {
            return new Changed(next, events, sizes);
        }

        @Override
        public Presence presence() {
            return next;
        }
    }

    /** Nothing to do: the presence already is what the transition asked for. */
    record Unchanged(Presence current) implements Outcome {
        @Override
        public Presence presence() {
            return current;
        }
    }

    /** The transition is not allowed in this state; nothing changed. */
    record Rejected(Presence current, Rejection reason) implements Outcome {
        @Override
        public Presence presence() {
            return current;
        }
    }

    default List<PresenceEvent> events() {
        return this instanceof Changed c ? c.events() : List.of();
    }
}
