package dev.roster.bootstrap;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a node's store gets going. The in-memory store is there at once; Redis may not answer yet when the node
 * starts (a deploy that starts both at the same time, a Redis that restarts), and then the node serves its probes,
 * not ready, and finishes starting when Redis answers.
 */
@FunctionalInterface
public interface StoreConnection {
    /** A store that needs no connection. */
    StoreConnection NONE = () -> CompletableFuture.completedFuture(null);

    /**
     * Starts connecting and tries once before it returns; completes once the store answered, which may be long
     * after, and fails only when the store is closed first.
     */
    CompletionStage<Void> connect();
}
