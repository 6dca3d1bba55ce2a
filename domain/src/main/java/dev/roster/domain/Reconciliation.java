package dev.roster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brings the sessions that one node boot holds in a presence in line with what that node really holds, composing
 * the ordinary transitions so that every change is announced as it would have been had it happened normally.
 */
final class Reconciliation {
    private Reconciliation() {
    }

    static Outcome apply(Presence start, NodeBoot boot, Collection<SessionEntry> held, Status status, String text,
                         Instant now, GracePeriod grace) {
        Map<SessionId, SessionEntry> wanted = new TreeMap<>();
        for (SessionEntry entry : held) {
            if (!boot.holds(entry.session()) || !entry.session().user().equals(start.user())) {
                throw new DomainException("session " + entry.session().id() + " is not one of " + boot
                        + " for " + start.user());
            }
            wanted.put(entry.session().id(), entry);
        }
        Step step = new Step(start);
        // sessions of this boot the node does not hold: closed, as if their sockets had just closed
        step.then(p -> p.close(s -> boot.holds(s) && !wanted.containsKey(s.id()), now, grace));
        for (SessionEntry entry : wanted.values()) {
            SessionEntry stored = step.presence.sessions().get(entry.session().id());
            if (stored == null) {
                step.then(p -> p.restore(entry.session(), entry.rooms(), status, text, now));
                continue;
            }
            SessionId id = entry.session().id();
            for (RoomId room : new TreeSet<>(stored.rooms())) {
                if (!entry.rooms().contains(room)) {
                    step.then(p -> p.leave(id, room, now));
                }
            }
            for (RoomId room : new TreeSet<>(entry.rooms())) {
                if (!stored.rooms().contains(room)) {
                    step.then(p -> p.join(id, room, now));
                }
            }
        }
        return step.changed ? new Outcome.Changed(step.presence, step.events) : new Outcome.Unchanged(start);
    }

    static Outcome closeHeld(Presence start, Session session, Set<RoomId> rooms, Status status, String text,
                             Instant now, GracePeriod grace) {
        if (start.sessions().containsKey(session.id())) {
            return start.close(session.id(), now, grace);
        }
        Step step = new Step(start);
        step.then(p -> p.restore(session, rooms, status, text, now));
        step.then(p -> p.close(session.id(), now, grace));
        return step.changed ? new Outcome.Changed(step.presence, step.events) : new Outcome.Unchanged(start);
    }

    /** The presence so far and the events of every change that led to it. */
    private static final class Step {
        private Presence presence;
        private final List<PresenceEvent> events = new ArrayList<>();
        private boolean changed;

        Step(Presence start) {
            this.presence = start;
        }

        void then(Transition transition) {
            if (transition.apply(presence) instanceof Outcome.Changed c) {
                presence = c.next();
                events.addAll(c.events());
                changed = true;
            }
        }
    }
}
