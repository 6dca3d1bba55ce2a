package dev.roster.application.port.out.contract;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;

/** {@link RoomBusContract} for presence notices; an adapter's test implements {@link #newBus()}. */
public abstract class PresenceEventBusContract extends RoomBusContract<PresenceNotice> {
    private static final PresenceState[] STATES = PresenceState.values();
    private final Instant at = Stages.now();

    @Override
    protected abstract PresenceEventBus newBus() throws Exception;

    @Override
    protected PresenceNotice event(RoomId room, int n) {
        // every other notice has no text and no origin, as announcements of grace expiry do; every third one only
        // counts sessions, and every fifth has no count, as one from a node of an earlier version
        boolean full = n % 2 == 0;
        return new PresenceNotice(room, UserId.of("user-" + n), STATES[n % STATES.length],
                full ? "in a \"meeting\" \u2615 #" + n : null, n % 5 == 0 ? null : n % 7, n % 3 == 0,
                at.plusMillis(n), 1_000_000L * n + 1, full ? SessionId.of("session-" + n) : null);
    }
}
