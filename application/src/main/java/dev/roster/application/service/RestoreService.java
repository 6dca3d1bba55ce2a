package dev.roster.application.service;

import dev.roster.application.port.in.RestoreUseCase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * After the store lost this node's data, writes the node's lease first (so that no other node ever finds these
 * sessions without a lease and takes them for a dead node's), then puts back every user this node holds exactly as
 * it holds them. Each user is repaired from what the node holds when the repair runs, so a session closed or a room
 * left meanwhile is never put back; whatever others heard leave (a reaper that took this node for dead) hears it
 * come back.
 */
final class RestoreService implements RestoreUseCase {
    private final Supplier<CompletionStage<?>> renewLease;
    private final ReconcileService reconcile;
    private final Runnable afterwards;

    /**
     * @param afterwards run once the node's own users are back: bootstrap's wiring has the rooms of this node
     *                   audited a lease later, when every live node has put its users back and a dead one never
     *                   will, so that members lost with a dead node's data are told offline
     */
    RestoreService(Supplier<CompletionStage<?>> renewLease, ReconcileService reconcile, Runnable afterwards) {
        this.renewLease = renewLease;
        this.reconcile = reconcile;
        this.afterwards = afterwards;
    }

    @Override
    public CompletionStage<Integer> restoreAll() {
        CompletableFuture<?> renewed;
        try {
            renewed = renewLease.get().toCompletableFuture();
        } catch (RuntimeException e) {
            renewed = CompletableFuture.completedFuture(null);
        }
        // sessions go back even if the lease could not be written now: the next heartbeat writes it
        return renewed.handle((done, failure) -> null).thenCompose(ready -> reconcile.repairHeld())
                .whenComplete((repaired, failure) -> afterwards.run());
    }
}
