package dev.roster.application.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Puts this node's live sessions and their rooms back into the shared store after it lost them (a Redis restart,
 * or this node's lease lapsed during a long pause), without announcing anything: for watchers nobody left.
 */
public interface RestoreUseCase {
    /** Completes with the number of sessions re-registered. All are sent at once, not one round trip each. */
    CompletionStage<Integer> restoreAll();
}
