package dev.roster.domain;

import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A presence without an open session: {@link Offline}, or {@link PendingOffline} waiting out its grace period.
 * Nothing is left to close, and no session can join, leave or choose a status; only opening (or restoring) one
 * moves it on.
 */
sealed interface Sessionless extends Presence permits Offline, PendingOffline {

    @Override
    default Map<SessionId, SessionEntry> sessions() {
        return Map.of();
    }

    @Override
    default Outcome close(Predicate<Session> which, Instant now, GracePeriod grace) {
        return new Outcome.Unchanged(this);
    }

    @Override
    default Outcome join(SessionId session, RoomId room, Instant now, Limits limits) {
        return new Outcome.Rejected(this, Rejection.NO_SESSION);
    }

    @Override
    default Outcome leave(SessionId session, RoomId room, Instant now) {
        return new Outcome.Rejected(this, Rejection.NO_SESSION);
    }

    @Override
    default Outcome setStatus(SessionId session, Status status, String text, Instant now) {
        return new Outcome.Rejected(this, Rejection.NO_SESSION);
    }
}
