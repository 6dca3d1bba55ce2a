package dev.roster.application.service;

import dev.roster.application.port.out.Activity;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.Outcome;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns the events of an applied transition into room notices on the bus, counts them, and keeps a grace timer
 * for the user's next deadline. Every use case that changes presence ends here.
 */
final class Announcer {
    private final PresenceEventBus bus;
    private final ActivityFeed feed;
    private final Telemetry telemetry;
    private final GraceTimers timers;

    Announcer(PresenceEventBus bus, ActivityFeed feed, Telemetry telemetry, GraceTimers timers) {
        this.bus = bus;
        this.feed = feed;
        this.telemetry = telemetry;
        this.timers = timers;
    }

    CompletionStage<Void> announce(Outcome outcome) {
        if (!(outcome instanceof Outcome.Changed changed)) {
            return CompletableFuture.completedFuture(null);
        }
        telemetry.transitioned(changed.events());
        timers.track(changed.next());
        long version = changed.next().version();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (PresenceEvent event : changed.events()) {
            Activity.of(event).forEach(feed::publish);
            for (PresenceNotice notice : notices(event, version)) {
                sent.add(bus.publish(notice).toCompletableFuture());
            }
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

    private static List<PresenceNotice> notices(PresenceEvent event, long version) {
        if (event instanceof PresenceEvent.JoinedRoom e) {
            return List.of(new PresenceNotice(e.room(), e.user(), e.state(), null, e.at(), version, e.by()));
        }
        if (event instanceof PresenceEvent.LeftRoom e) {
            return List.of(new PresenceNotice(e.room(), e.user(), PresenceState.OFFLINE, null, e.at(), version,
                    e.by()));
        }
        if (event instanceof PresenceEvent.StatusChanged e) {
            List<PresenceNotice> notices = new ArrayList<>();
            for (RoomId room : e.rooms()) {
                notices.add(new PresenceNotice(room, e.user(), e.status().asState(), e.text(), e.at(), version,
                        e.by()));
            }
            return notices;
        }
        return List.of();
    }
}
