package dev.roster.application.service;

import dev.roster.application.port.in.RestoreUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.Status;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class RestoreService implements RestoreUseCase {
    private final SessionRegistry registry;
    private final Clock clock;
    private final LocalRoster roster;
    private final GraceTimers timers;

    RestoreService(SessionRegistry registry, Clock clock, LocalRoster roster, GraceTimers timers) {
        this.registry = registry;
        this.clock = clock;
        this.roster = roster;
        this.timers = timers;
    }

    @Override
    public CompletionStage<Integer> restoreAll() {
        Instant now = clock.now();
        // every call is issued before any answer is awaited, so an asynchronous store pipelines them
        List<CompletableFuture<Void>> all = roster.all().stream().map(local -> {
            var choice = local.choice().get();
            Status status = choice == null ? Status.ONLINE : choice.status();
            String text = choice == null ? null : choice.text();
            Set<dev.roster.domain.RoomId> rooms = Set.copyOf(local.rooms());
            return registry.apply(local.session().user(),
                            p -> p.restore(local.session(), rooms, status, text, now))
                    .thenAccept(outcome -> timers.track(outcome.presence()))
                    .toCompletableFuture();
        }).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> all.size());
    }
}
