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

    /** Stops every round and the node's grace timers. Safe to call more than once. */
    void stop();
}
