package dev.roster.application.port.in;

import java.util.concurrent.CompletionStage;

/** Keeps this node's lease alive and removes the sessions of nodes whose lease lapsed. */
public interface NodeLeaseUseCase {

    CompletionStage<Void> heartbeat();

    /** Removes the sessions of every lapsed boot; completes with how many sessions were removed. */
    CompletionStage<Integer> reapLapsed();
}
