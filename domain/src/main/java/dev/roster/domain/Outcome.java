package dev.roster.domain;

import java.util.List;
import java.util.Objects;

/**
 * What a transition did: changed the presence and says which events happened, left it as it was, or refused.
 * A transition never calls out; whoever applied it stores {@link Changed#next()} and announces the events.
 */
public sealed interface Outcome {

    /** The presence as it is after the transition (the current one when nothing changed). */
    Presence presence();

    /** The new presence, with a version one above the old one, and the events in the order they happened. */
    record Changed(Presence next, List<PresenceEvent> events) implements Outcome {
        public Changed {
            Objects.requireNonNull(next, "next");
            events = List.copyOf(events);
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
