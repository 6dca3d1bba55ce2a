package dev.roster.application.service;

import dev.roster.application.port.in.ConnectUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.Limits;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

final class ConnectService implements ConnectUseCase {
    private final SessionRegistry registry;
    private final Clock clock;
    private final NodeBoot node;
    private final LocalRoster roster;
    private final Announcer announcer;
    private final Limits limits;

    ConnectService(SessionRegistry registry, Clock clock, NodeBoot node, LocalRoster roster, Announcer announcer,
                   Limits limits) {
        this.registry = registry;
        this.clock = clock;
        this.node = node;
        this.roster = roster;
        this.announcer = announcer;
        this.limits = limits;
    }

    @Override
    public CompletionStage<Session> connect(ConnectCommand command) {
        Instant now = clock.now();
        Session session = new Session(newId(), command.user(), node.node(), node.boot(), command.device(), now);
        roster.changing(command.user());
        // the limit is held in the store's compare-and-set: two nodes opening the last free session cannot both win
        return Stages.calling(() -> registry.apply(command.user(), p -> p.open(session, now, limits)))
                .thenApply(Outcomes::accepted)
                .thenCompose(outcome -> {
                    roster.add(session);
                    return announcer.announceCommitted(outcome);
                })
                .whenComplete((done, failure) -> roster.changed(command.user()))
                .thenApply(done -> session);
    }

    private static SessionId newId() {
        return SessionId.of(UUID.randomUUID().toString().replace("-", ""));
    }
}
