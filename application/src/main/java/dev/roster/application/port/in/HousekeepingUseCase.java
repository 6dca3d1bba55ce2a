package dev.roster.application.port.in;

import java.util.concurrent.CompletionStage;

/**
 * The node's own rounds of upkeep: the lease heartbeat, the reaping of lapsed nodes, the reconciliation of this
 * node's sessions with the store, the grace sweep and the flush of counted room changes. A failed round is told and
 * tried again by the next one; it never stops the schedule.
 */
public interface HousekeepingUseCase {

    /** Beats once at once, then runs every round on its schedule; completes with that first heartbeat. */
    CompletionStage<Void> start();

    /**
     * Stops every round and the node's grace timers at once, and the delivery of the event log once the batch the
     * sink is taking now is answered and recorded; gives the node's lease up when it holds nothing any more
     * ({@link NodeLeaseUseCase#resign}); completes when delivery has let its lease go, so that another node takes
     * over at once without sending that batch again, and the node's own lease is given up or left to lapse. Safe to
     * call more than once.
     */
    CompletionStage<Void> stop();
}
