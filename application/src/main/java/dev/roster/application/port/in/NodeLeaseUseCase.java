package dev.roster.application.port.in;

import java.util.concurrent.CompletionStage;

/** Keeps this node's lease alive and removes the sessions of nodes whose lease lapsed. */
public interface NodeLeaseUseCase {

    CompletionStage<Void> heartbeat();

    /** Removes the sessions of every lapsed boot; completes with how many sessions were removed. */
    CompletionStage<Integer> reapLapsed();

    /**
     * Gives this node's lease up as it stops gracefully, once it holds no session and no change is on its way, so
     * that other nodes stop listing it at once rather than when the lease lapses. Completes with false, leaving the
     * lease to lapse (and what the store still lists for this boot to be reaped then, as after a crash), when a
     * session or a change is left. Called after the heartbeats stopped.
     */
    CompletionStage<Boolean> resign();
}
