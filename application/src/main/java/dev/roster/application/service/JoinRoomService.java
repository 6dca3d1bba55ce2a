package dev.roster.application.service;

import dev.roster.application.port.in.JoinRoomUseCase;
import dev.roster.application.port.in.RoomListing;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.SessionRegistry;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

final class JoinRoomService implements JoinRoomUseCase {
    private final SessionRegistry registry;
    private final Clock clock;
    private final LocalRoster roster;
    private final Subscriptions subscriptions;
    private final Announcer announcer;
    private final RoomMembers members;

    JoinRoomService(SessionRegistry registry, Clock clock, LocalRoster roster, Subscriptions subscriptions,
                    Announcer announcer, RoomMembers members) {
        this.registry = registry;
        this.clock = clock;
        this.roster = roster;
        this.subscriptions = subscriptions;
        this.announcer = announcer;
        this.members = members;
    }

    @Override
    public CompletionStage<RoomListing> join(RoomCommand command) {
        Instant now = clock.now();
        var session = command.session();
        roster.changing(session.user());
        return Stages.calling(() -> registry.apply(session.user(), p -> p.join(session.id(), command.room(), now)))
                .thenApply(Outcomes::accepted)
                .thenCompose(outcome -> {
                    // hear the room before announcing, so that nothing said after the join is missed
                    roster.join(session.id(), command.room(), subscriptions::subscribe);
                    return announcer.announce(outcome);
                })
                .whenComplete((done, failure) -> roster.changed(session.user()))
                .thenCompose(done -> members.forJoiner(command.room(), session.user()));
    }
}
