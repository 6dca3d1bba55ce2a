package dev.roster.application.service;

import dev.roster.application.port.in.NodeLeaseUseCase;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.Outcome;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class NodeLeaseService implements NodeLeaseUseCase {
    private final NodeLeases leases;
    private final SessionRegistry registry;
    private final PresenceDirectory directory;
    private final Clock clock;
    private final NodeIdentity self;
    private final Duration leaseTime;
    private final GracePeriod grace;
    private final LocalRoster roster;
    private final Announcer announcer;

    NodeLeaseService(NodeLeases leases, SessionRegistry registry, PresenceDirectory directory, Clock clock,
                     NodeIdentity self, Duration leaseTime, GracePeriod grace, LocalRoster roster,
                     Announcer announcer) {
        this.leases = leases;
        this.registry = registry;
        this.directory = directory;
        this.clock = clock;
        this.self = self;
        this.leaseTime = leaseTime;
        this.grace = grace;
        this.roster = roster;
        this.announcer = announcer;
    }

    @Override
    public CompletionStage<Void> heartbeat() {
        Instant now = clock.now();
        return leases.renew(new NodeLease(self.node(), self.boot(), roster.size(), now, now.plus(leaseTime)));
    }

    @Override
    public CompletionStage<Integer> reapLapsed() {
        Instant now = clock.now();
        return leases.lapsed(now).thenCompose(lapsed -> {
            List<CompletableFuture<Integer>> reaped = lapsed.stream()
                    .filter(lease -> !(lease.node().equals(self.node()) && lease.boot().equals(self.boot())))
                    .map(lease -> reap(lease, now).toCompletableFuture())
                    .toList();
            return CompletableFuture.allOf(reaped.toArray(CompletableFuture[]::new))
                    .thenApply(done -> reaped.stream().mapToInt(CompletableFuture::join).sum());
        });
    }

    /** Closes the boot's sessions first and releases its lease after, so a reaper that dies midway is followed. */
    private CompletionStage<Integer> reap(NodeLease lease, Instant now) {
        return directory.usersOn(lease.node(), lease.boot()).thenCompose(users -> {
            List<CompletableFuture<Integer>> closed = users.stream().map(user -> close(user, lease, now)).toList();
            return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new))
                    .thenCompose(done -> leases.release(lease))
                    .thenApply(released -> closed.stream().mapToInt(CompletableFuture::join).sum());
        });
    }

    private CompletableFuture<Integer> close(UserId user, NodeLease lease, Instant now) {
        return registry.apply(user, p -> p.close(s -> s.heldBy(lease.node(), lease.boot()), now, grace))
                .thenCompose(outcome -> announcer.announce(outcome).thenApply(done -> closedCount(outcome)))
                .toCompletableFuture();
    }

    private static int closedCount(Outcome outcome) {
        return (int) outcome.events().stream()
                .filter(e -> e instanceof dev.roster.domain.PresenceEvent.SessionClosed).count();
    }
}
