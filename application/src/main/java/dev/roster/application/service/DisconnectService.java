package dev.roster.application.service;

import dev.roster.application.port.in.DisconnectUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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
        roster.changing(session.user());
        // what the node knew of the session, in case the store lost it: its rooms must still hear it leave
        Held held = roster.get(session.id()).map(local -> {
            LocalRoster.Choice choice = local.choice().get();
            return new Held(Set.copyOf(local.rooms()), choice == null ? Status.ONLINE : choice.status(),
                    choice == null ? null : choice.text());
        }).orElse(null);
        // the node stops delivering to it at once, whatever the store says
        roster.remove(session.id(), subscriptions::unsubscribe);
        return Stages.calling(() -> close(session, held, 1))
                .whenComplete((done, failure) -> roster.changed(session.user()));
    }

    /** The rooms and status of a session as its node last knew them; null for a session it never held. */
    private record Held(Set<RoomId> rooms, Status status, String text) {
    }

    private CompletionStage<Void> close(Session session, Held held, int attempt) {
        Instant now = clock.now();
        return registry.apply(session.user(), p -> held == null ? p.close(session.id(), now, grace)
                        : p.closeHeld(session, held.rooms(), held.status(), held.text(), now, grace))
                .thenCompose(announcer::announceCommitted)
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof StoreUnavailableException && attempt < MAX_TRIES) {
                        CompletableFuture<Void> retried = new CompletableFuture<>();
                        scheduler.schedule(RETRY_EVERY, () -> close(session, held, attempt + 1)
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
