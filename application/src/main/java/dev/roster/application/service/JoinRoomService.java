package dev.roster.application.service;

import dev.roster.application.port.in.JoinRoomUseCase;
import dev.roster.application.port.in.RoomListing;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.Limits;
import dev.roster.domain.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class JoinRoomService implements JoinRoomUseCase {
    private final SessionRegistry registry;
    private final Clock clock;
    private final LocalRoster roster;
    private final Subscriptions subscriptions;
    private final Announcer announcer;
    private final RoomMembers members;
    private final RoomAccess access;
    private final Limits limits;

    JoinRoomService(SessionRegistry registry, Clock clock, LocalRoster roster, Subscriptions subscriptions,
                    Announcer announcer, RoomMembers members, RoomAccess access, Limits limits) {
        this.registry = registry;
        this.clock = clock;
        this.roster = roster;
        this.subscriptions = subscriptions;
        this.announcer = announcer;
        this.members = members;
        this.access = access;
        this.limits = limits;
    }

    @Override
    public CompletionStage<RoomListing> join(JoinCommand command) {
        var session = command.session();
        // a session already in the room was let in once: asking again would only cost the authorizer a call
        CompletionStage<Void> allowed = roster.isMember(session.id(), command.room())
                ? CompletableFuture.completedFuture(null)
                : access.check(session.user(), command.grants(), command.room());
        // nothing about the room is read or written before the answer, so a refusal tells nothing about it
        return allowed.thenCompose(ok -> joinAllowed(command));
    }

    private CompletionStage<RoomListing> joinAllowed(JoinCommand command) {
        var session = command.session();
        var now = clock.now();
        var room = command.room();
        roster.changing(session.user());
        // a room this node does not hear yet is subscribed while the join commits, not after: the announce, which
        // waits for the node's subscriptions, then finds it done instead of adding its round trip
        boolean early = !roster.hears(room);
        if (early) {
            subscriptions.subscribe(room);
        }
        CompletableFuture<Outcome> applied = Stages.calling(() -> registry.apply(session.user(),
                        p -> p.join(session.id(), room, now, limits)))
                .thenApply(Outcomes::accepted)
                .whenComplete((outcome, failure) -> {
                    if (failure != null && early) {
                        subscriptions.unsubscribe(room);
                    }
                });
        CompletableFuture<Void> told = applied
                .thenCompose(outcome -> {
                    // hear the room before announcing, so that nothing said after the join is missed
                    boolean[] first = {false};
                    roster.join(session.id(), room, r -> {
                        if (early) {
                            first[0] = true;
                        } else {
                            subscriptions.subscribe(r);
                        }
                    });
                    if (early && !first[0]) {
                        // another session of this node joined it first and holds the room's subscription
                        subscriptions.unsubscribe(room);
                    }
                    return announcer.announce(outcome);
                })
                .whenComplete((done, failure) -> roster.changed(session.user()));
        // once the join is committed (the room index with it), the members are read while the room is told, not
        // after: the reply waits for the longer of the two instead of their sum; the room's size the store counted
        // as it committed decides between all members and a sample, without asking the store again
        CompletableFuture<RoomListing> listed = applied
                .thenCompose(outcome -> members.forJoiner(room, session.user(),
                        outcome instanceof Outcome.Changed changed ? changed.roomSizes().get(room) : null));
        return told.thenCombine(listed, (done, listing) -> listing);
    }
}
