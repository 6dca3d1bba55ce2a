package dev.roster.application.service;

import dev.roster.application.port.in.DisconnectUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.StoreUnavailableException;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

final class DisconnectService implements DisconnectUseCase {
    /** A close the store could not take is tried again this often, for this long: never a ghost. */
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    static final int MAX_TRIES = 300;

    private final SessionRegistry registry;
    private final Clock clock;
    private final GracePeriod grace;
    private final LocalRoster roster;
    private final Subscriptions subscriptions;
    private final Announcer announcer;
    private final Scheduler scheduler;

    DisconnectService(SessionRegistry registry, Clock clock, GracePeriod grace, LocalRoster roster,
                      Subscriptions subscriptions, Announcer announcer, Scheduler scheduler) {
        this.registry = registry;
        this.clock = clock;
        this.grace = grace;
        this.roster = roster;
        this.subscriptions = subscriptions;
        this.announcer = announcer;
        this.scheduler = scheduler;
    }

    @Override
    public CompletionStage<Void> disconnect(Session session) {
        // the node stops delivering to it at once, whatever the store says
        roster.changing(session.user());
        roster.remove(session.id(), subscriptions::unsubscribe);
        return Stages.calling(() -> close(session, 1)).whenComplete((done, failure) -> roster.changed(session.user()));
    }

    private CompletionStage<Void> close(Session session, int attempt) {
        Instant now = clock.now();
        return registry.apply(session.user(), p -> p.close(session.id(), now, grace))
                .thenCompose(announcer::announce)
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof StoreUnavailableException && attempt < MAX_TRIES) {
                        CompletableFuture<Void> retried = new CompletableFuture<>();
                        scheduler.schedule(RETRY_EVERY, () -> close(session, attempt + 1)
                                .whenComplete((v, e) -> { if (e == null) { retried.complete(v); }
                                    else { retried.completeExceptionally(e); } }));
                        return retried;
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    @Override
    public CompletionStage<Void> disconnectAll() {
        CompletableFuture<?>[] all = roster.all().stream()
                .map(local -> disconnect(local.session()).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }
}
