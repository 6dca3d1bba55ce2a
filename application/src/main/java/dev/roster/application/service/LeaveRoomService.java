package dev.roster.application.service;

import dev.roster.application.port.in.LeaveRoomUseCase;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.SessionRegistry;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

final class LeaveRoomService implements LeaveRoomUseCase {
    private final SessionRegistry registry;
    private final Clock clock;
    private final LocalRoster roster;
    private final Subscriptions subscriptions;
    private final Announcer announcer;

    LeaveRoomService(SessionRegistry registry, Clock clock, LocalRoster roster, Subscriptions subscriptions,
                     Announcer announcer) {
        this.registry = registry;
        this.clock = clock;
        this.roster = roster;
        this.subscriptions = subscriptions;
        this.announcer = announcer;
    }

    @Override
    public CompletionStage<Void> leave(RoomCommand command) {
        Instant now = clock.now();
        var session = command.session();
        roster.changing(session.user());
        return Stages.calling(() -> registry.apply(session.user(), p -> p.leave(session.id(), command.room(), now)))
                .thenApply(Outcomes::accepted)
                .thenCompose(outcome -> {
                    roster.leave(session.id(), command.room(), subscriptions::unsubscribe);
                    return announcer.announce(outcome);
                })
                .whenComplete((done, failure) -> roster.changed(session.user()));
    }
}
