package dev.roster.application.service;

import dev.roster.application.port.in.SetStatusUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.SessionRegistry;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

final class SetStatusService implements SetStatusUseCase {
    private final SessionRegistry registry;
    private final Clock clock;
    private final LocalRoster roster;
    private final Announcer announcer;

    SetStatusService(SessionRegistry registry, Clock clock, LocalRoster roster, Announcer announcer) {
        this.registry = registry;
        this.clock = clock;
        this.roster = roster;
        this.announcer = announcer;
    }

    @Override
    public CompletionStage<Void> setStatus(StatusCommand command) {
        Instant now = clock.now();
        var session = command.session();
        return registry.apply(session.user(),
                        p -> p.setStatus(session.id(), command.status(), command.text(), now))
                .thenApply(Outcomes::accepted)
                .thenCompose(outcome -> {
                    roster.remember(session.id(), command.status(), command.text());
                    return announcer.announce(outcome);
                });
    }
}
