package dev.roster.application.service;

import dev.roster.application.port.in.ExpireGraceUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class ExpireGraceService implements ExpireGraceUseCase {
    /** How many due users one sweep takes; the next sweep takes the rest. */
    static final int SWEEP_BATCH = 500;

    private final SessionRegistry registry;
    private final PresenceDirectory directory;
    private final Clock clock;
    private final Announcer announcer;

    ExpireGraceService(SessionRegistry registry, PresenceDirectory directory, Clock clock, Announcer announcer) {
        this.registry = registry;
        this.directory = directory;
        this.clock = clock;
        this.announcer = announcer;
    }

    @Override
    public CompletionStage<Void> expire(UserId user) {
        Instant now = clock.now();
        return registry.apply(user, p -> p.expire(now)).thenCompose(outcome -> {
            announcer.retrack(outcome);
            return announcer.announce(outcome);
        });
    }

    @Override
    public CompletionStage<Integer> expireDue() {
        return directory.dueForExpiry(clock.now(), SWEEP_BATCH).thenCompose(users -> {
            CompletableFuture<?>[] all = users.stream().map(u -> expire(u).toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(all).thenApply(done -> users.size());
        });
    }
}
