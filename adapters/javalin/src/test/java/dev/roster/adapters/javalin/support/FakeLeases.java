package dev.roster.adapters.javalin.support;

import dev.roster.application.port.out.NodeLeases;
import dev.roster.domain.NodeBoot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Leases kept in a map, keyed by boot. */
public final class FakeLeases implements NodeLeases {
    private final Map<NodeBoot, NodeLease> leases = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Boolean> renew(NodeLease lease) {
        return CompletableFuture.completedFuture(leases.put(lease.id(), lease) != null);
    }

    @Override
    public CompletionStage<Set<NodeBoot>> leased() {
        return CompletableFuture.completedFuture(leases.values().stream().map(NodeLease::id)
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Override
    public CompletionStage<List<NodeLease>> live(Instant now) {
        return CompletableFuture.completedFuture(
                leases.values().stream().filter(l -> l.expiresAt().isAfter(now)).toList());
    }

    @Override
    public CompletionStage<List<NodeLease>> lapsed(Instant now) {
        return CompletableFuture.completedFuture(
                leases.values().stream().filter(l -> !l.expiresAt().isAfter(now)).toList());
    }

    @Override
    public CompletionStage<Boolean> release(NodeLease lease) {
        return CompletableFuture.completedFuture(leases.remove(lease.id(), lease));
    }
}
