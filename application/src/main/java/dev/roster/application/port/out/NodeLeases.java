package dev.roster.application.port.out;

import dev.roster.domain.NodeBoot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Each node's proof of life. A node renews its lease several times per lease time; a lease not renewed for the
 * lease time has lapsed, and another node removes the sessions of that boot. A store with a clock of its own
 * (Redis) measures expiry by that clock alone, so that nodes whose clocks disagree never reap a live node early or
 * keep a dead one late: {@code now} and the lease's times are then only what the node believes.
 */
public interface NodeLeases {

    /**
     * Writes the lease for another lease time from now. Completes with true when the lease was there to renew,
     * false when it had to be created: at a boot's first renewal, or because it was lost.
     */
    CompletionStage<Boolean> renew(NodeLease lease);

    /** The leases that have not lapsed at {@code now}. */
    CompletionStage<List<NodeLease>> live(Instant now);

    /** The leases that lapsed at or before {@code now} and have not been released yet. */
    CompletionStage<List<NodeLease>> lapsed(Instant now);

    /**
     * Takes a lapsed lease away so that its sessions can be removed: true for exactly one caller, and only while
     * the lease was not renewed since it was read as lapsed. Its node, if alive after all, finds the lease gone at
     * its next renewal ({@link #renew} then re-creates it and reports the loss) and puts its sessions back.
     */
    CompletionStage<Boolean> release(NodeLease lease);

    /**
     * The live and the lapsed leases at {@code now}, read at once, with the store's own time when it read them
     * ({@code now} where the store has no clock of its own): what a reaping round reads, and from which the live
     * nodes share the grace sweep's rounds. This default asks {@link #live} and {@link #lapsed} one after the other;
     * a store should read both in one go.
     */
    default CompletionStage<LeaseView> view(Instant now) {
        return live(now).thenCombine(lapsed(now), (live, lapsed) -> new LeaseView(now, live, lapsed));
    }

    /** Every node boot that holds a lease, lapsed or not. */
    CompletionStage<Set<NodeBoot>> leased();

    /**
     * What {@link #view} read.
     *
     * @param storeNow the store's time when it read the leases (the caller's {@code now} for a store without a clock)
     */
    record LeaseView(Instant storeNow, List<NodeLease> live, List<NodeLease> lapsed) {
        public LeaseView {
            Objects.requireNonNull(storeNow, "storeNow");
            live = List.copyOf(live);
            lapsed = List.copyOf(lapsed);
        }
    }

    /**
     * One boot of one node, with what it last said of itself.
     *
     * @param id        the node boot the lease proves alive
     * @param expiresAt when the lease lapses unless renewed
     */
    record NodeLease(NodeBoot id, int sessions, Instant heartbeatAt, Instant expiresAt) {
        public NodeLease {
            Objects.requireNonNull(id, "id");
        }
    }
}
