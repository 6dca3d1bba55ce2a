package dev.roster.application.service;

import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns the events of an applied transition into room notices on the bus, counts them, and keeps a grace timer
 * for the user's next deadline. Every use case that changes presence ends here. The events themselves reach back
 * ends and the operators' views by the event log, which the store appends to with the change.
 */
final class Announcer {
    private final PresenceEventBus bus;
    private final Telemetry telemetry;
    private final GraceTimers timers;

    Announcer(PresenceEventBus bus, Telemetry telemetry, GraceTimers timers) {
        this.bus = bus;
        this.telemetry = telemetry;
        this.timers = timers;
    }

    /**
     * Announces the outcome of a change already committed: a bus that fails now (Redis went away right after the
     * commit) must not fail the change, which stands. What could not be said is reported, and re-told to the rooms
     * by their audit once Redis answers again.
     */
    CompletionStage<Void> announceCommitted(Outcome outcome) {
        CompletableFuture<Void> told;
        try {
            told = announce(outcome).toCompletableFuture();
        } catch (RuntimeException e) {
            told = CompletableFuture.failedFuture(e);
        }
        return told.exceptionally(failure -> {
            telemetry.housekeepingFailed("announcing a committed change", failure);
            return null;
        });
    }

    CompletionStage<Void> announce(Outcome outcome) {
        if (!(outcome instanceof Outcome.Changed changed)) {
            return CompletableFuture.completedFuture(null);
        }
        telemetry.transitioned(changed.events());
        timers.track(changed.next());
        Presence next = changed.next();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (PresenceEvent event : changed.events()) {
            for (PresenceNotice notice : notices(event, changed)) {
                sent.add(bus.publish(notice).toCompletableFuture());
            }
        }
        for (PresenceNotice notice : recount(changed.events(), next)) {
            sent.add(bus.publish(notice).toCompletableFuture());
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /**
     * Keeps the timer in step with a presence that did not change: a timer that fired a little before its
     * deadline (clocks of nodes differ) found nothing to expire yet and must fire again, not wait for the sweep.
     */
    void retrack(Outcome outcome) {
        if (!(outcome instanceof Outcome.Changed)) {
            timers.track(outcome.presence());
        }
    }

    /** A join or a leave carries the room's size when the store counted it with the change. */
    private static List<PresenceNotice> notices(PresenceEvent event, Outcome.Changed changed) {
        Presence next = changed.next();
        long version = next.version();
        int sessions = next.sessions().size();
        if (event instanceof PresenceEvent.JoinedRoom e) {
            return List.of(new PresenceNotice(e.room(), e.user(), e.state(), next.statusText().orElse(null),
                    sessions, false, e.at(), version, e.by(), changed.roomSizes().get(e.room())));
        }
        if (event instanceof PresenceEvent.LeftRoom e) {
            return List.of(new PresenceNotice(e.room(), e.user(), PresenceState.OFFLINE, null, sessions, false,
                    e.at(), version, e.by(), changed.roomSizes().get(e.room())));
        }
        if (event instanceof PresenceEvent.StatusChanged e) {
            List<PresenceNotice> notices = new ArrayList<>();
            for (RoomId room : e.rooms()) {
                notices.add(new PresenceNotice(room, e.user(), e.status().asState(), e.text(), sessions, false,
                        e.at(), version, e.by()));
            }
            return notices;
        }
        return List.of();
    }

    /**
     * Sessions that opened or closed while the user stayed online change what its rooms show (its device count)
     * but nothing else: each room the user is in hears the new count once. The first session (the user comes
     * online, or comes back inside the grace period) and the last (the grace period starts) are not told: the
     * first is a join or nothing, the last is an {@code offline} once the grace period ran out or nothing.
     */
    private static List<PresenceNotice> recount(List<PresenceEvent> events, Presence next) {
        Integer before = null;
        PresenceEvent last = null;
        for (PresenceEvent event : events) {
            if (event instanceof PresenceEvent.SessionOpened e) {
                before = before == null ? e.sessions() - 1 : before;
                last = e;
            } else if (event instanceof PresenceEvent.SessionClosed e) {
                before = before == null ? e.sessions() + 1 : before;
                last = e;
            }
        }
        int after = next.sessions().size();
        if (last == null || before == 0 || after == 0 || before == after) {
            return List.of();
        }
        SessionId by = last instanceof PresenceEvent.SessionOpened o ? o.session().id()
                : ((PresenceEvent.SessionClosed) last).session().id();
        List<PresenceNotice> notices = new ArrayList<>();
        for (RoomId room : next.rooms()) {
            notices.add(new PresenceNotice(room, next.user(), next.state(), next.statusText().orElse(null), after,
                    true, last.at(), next.version(), by));
        }
        return notices;
    }
}
