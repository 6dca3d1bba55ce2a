package dev.roster.application.service;

import dev.roster.application.port.out.NodeLeases.LeaseView;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.domain.NodeBoot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which rounds of the grace sweep are this node's. The live nodes take the rounds in turn: the rounds are numbered
 * by the store's clock ({@link UseCases.Settings#SWEEP_EVERY} apart), and a node sweeps the rounds whose number,
 * modulo how many nodes hold a live lease, is its rank among those leases (ordered by boot). So the whole cluster
 * sweeps once a round, as one node alone did, and N nodes cost the store what one costs. Each round sweeps every
 * bucket, so a node that dies mid-sweep leaves nothing behind: the next round, another node's, reads it all again.
 *
 * <p>The view comes from the reaping rounds' read of the leases ({@link NodeLeaseService}); until there is one, while
 * this node's own lease is not among the live ones, or once the view is older than a lease time (the store does not
 * answer), the node sweeps every round, as it did alone. Once a dead node's lease lapses it leaves the view, and
 * the others share its rounds. Until then its rounds go unswept: for at most a lease time the rounds of the live
 * ones come every N × {@code SWEEP_EVERY} (a user whose grace ran out goes offline that much later, never earlier).
 */
final class SweepTurns {
    private final NodeBoot self;
    private final Duration stale;
    private volatile Turn turn;

    SweepTurns(NodeBoot self, Duration stale) {
        this.self = self;
        this.stale = stale;
    }

    /** A sweep for every round: a node alone, or one whose tests sweep by hand. */
    static SweepTurns always(NodeBoot self) {
        return new SweepTurns(self, Duration.ZERO);
    }

    /** What a reaping round read, at this node's {@code now}. */
    void saw(LeaseView view, Instant now) {
        List<NodeBoot> live = view.live().stream().map(NodeLease::id).distinct()
                .sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
        turn = new Turn(live.indexOf(self), live.size(), Duration.between(now, view.storeNow()), now);
    }

    /** Whether the round under way at this node's {@code now} is this node's to sweep. */
    boolean mine(Instant now) {
        Turn seen = turn;
        if (seen == null || seen.rank() < 0 || seen.nodes() <= 1 || now.isAfter(seen.at().plus(stale))) {
            return true;
        }
        long round = Math.floorDiv(now.plus(seen.offset()).toEpochMilli(), UseCases.Settings.SWEEP_EVERY.toMillis());
        return Math.floorMod(round, seen.nodes()) == seen.rank();
    }

    /** How many nodes share the rounds, as last seen (1 when this node sweeps every round). */
    int sharedBy() {
        Turn seen = turn;
        return seen == null || seen.rank() < 0 ? 1 : Math.max(1, seen.nodes());
    }

    /** This node's rank among {@code nodes} live ones, the store's clock less this node's, seen at {@code at}. */
    private record Turn(int rank, int nodes, Duration offset, Instant at) {
    }
}
