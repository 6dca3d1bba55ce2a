package dev.roster.application.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Keeps the shared store true to the sessions this node really holds. The node is the source of truth for its
 * own sessions: a part of what the store lists for this node boot is compared with them on every tick, and every
 * difference is repaired both ways and announced as the change it stands for, so that whatever a fault left behind
 * (a store restored from an old snapshot, a write whose answer was lost, sessions closed by a node that took this
 * one for dead) is right again within one full pass.
 */
public interface ReconcileUseCase {

    /** Compares and repairs the next part; completes with how many users were repaired. */
    CompletionStage<Integer> reconcileNext();

    /** Compares and repairs every part at once; completes with how many users were repaired. */
    CompletionStage<Integer> reconcileAll();

    /** How many parts one full pass takes, one per tick. */
    int parts();
}
