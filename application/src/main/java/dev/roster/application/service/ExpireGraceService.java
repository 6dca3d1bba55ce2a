package dev.roster.application.service;

import dev.roster.application.port.in.ExpireGraceUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
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
    private final GraceTimers timers;
    private final SweepTurns turns;

    ExpireGraceService(SessionRegistry registry, PresenceDirectory directory, Clock clock, Announcer announcer,
                       GraceTimers timers, SweepTurns turns) {
        this.turns = turns;
        this.registry = registry;
        this.directory = directory;
        this.clock = clock;
        this.announcer = announcer;
        this.timers = timers;
    }

    @Override
    public CompletionStage<Void> expire(UserId user) {
        Instant now = clock.now();
        Presence seen = timers.lastTracked(user);
        return registry.apply(user, p -> p.expire(now)).thenCompose(outcome -> {
            Presence stored = outcome.presence();
            if (outcome instanceof Outcome.Changed || seen == null || stored.listed()
                    || stored.version() >= seen.version()) {
                announcer.retrack(outcome);
                return announcer.announce(outcome);
            }
            // the store lost what this node saw (a wipe during the grace period): it has nothing left to expire,
            // but the rooms the user lingered in never heard it leave; tell them what ran out, as it would have
            Outcome missed = seen.expire(now);
            if (!(missed instanceof Outcome.Changed)) {
                timers.track(seen);
                return CompletableFuture.completedFuture(null);
            }
            return announcer.announce(missed);
        });
    }

    @Override
    public CompletionStage<Integer> sweepRound() {
        if (!turns.mine(clock.now())) {
            return CompletableFuture.completedFuture(0);
        }
        return expireDue();
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
