package dev.roster.application.port.in;

/**
 * Whether this node can serve right now, as far as the application knows: a node that cannot reach the shared
 * store is not ready and accepts no new connections.
 */
public interface NodeHealthUseCase {

    /** Whether the shared store answers right now. */
    boolean storeAvailable();
}
