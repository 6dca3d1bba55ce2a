package dev.roster.adapters.memory;

import dev.roster.application.port.out.NodeLeases;
import dev.roster.domain.NodeBoot;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Node leases held in this process, one per boot of a node. A release drops the lease only if it was not renewed
 * after the one the releaser holds: a node that came back to life keeps its lease, and the releaser hears false.
 */
public final class InMemoryNodeLeases implements NodeLeases {
    private static final Comparator<NodeLease> ORDER =
            Comparator.comparing((NodeLease lease) -> lease.id().node()).thenComparing(lease -> lease.id().boot());

    private final Map<NodeBoot, NodeLease> leases = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Boolean> renew(NodeLease lease) {
        Objects.requireNonNull(lease, "lease");
        return CompletableFuture.completedFuture(leases.put(lease.id(), lease) != null);
    }

    @Override
    public CompletionStage<Set<NodeBoot>> leased() {
        return CompletableFuture.completedFuture(Set.copyOf(leases.keySet()));
    }

    @Override
    public CompletionStage<List<NodeLease>> live(Instant now) {
        Objects.requireNonNull(now, "now");
        return select(lease -> lease.expiresAt().isAfter(now));
    }

    @Override
    public CompletionStage<List<NodeLease>> lapsed(Instant now) {
        Objects.requireNonNull(now, "now");
        return select(lease -> !lease.expiresAt().isAfter(now));
    }

    @Override
    public CompletionStage<Boolean> release(NodeLease lease) {
        Objects.requireNonNull(lease, "lease");
        boolean[] released = {false};
        leases.computeIfPresent(lease.id(), (key, stored) -> {
            if (stored.expiresAt().isAfter(lease.expiresAt())) {
                return stored;
            }
            released[0] = true;
            return null;
        });
        return CompletableFuture.completedFuture(released[0]);
    }

    private CompletionStage<List<NodeLease>> select(Predicate<NodeLease> which) {
        return CompletableFuture.completedFuture(leases.values().stream().filter(which).sorted(ORDER).toList());
    }
}
