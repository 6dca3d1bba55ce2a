package dev.roster.application.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Puts this node's live sessions and their rooms back into the shared store after it lost them (a Redis restart,
 * or this node's lease was taken while it was alive), lease first. A user nobody heard leave is put back silently;
 * rooms that did hear a user leave (another node reaped it) hear it come back.
 */
public interface RestoreUseCase {
    /** Completes with the number of users whose stored presence changed. All are sent at once, not one by one. */
    CompletionStage<Integer> restoreAll();
}
