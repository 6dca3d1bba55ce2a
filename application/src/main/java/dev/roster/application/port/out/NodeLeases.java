package dev.roster.application.port.out;

import dev.roster.domain.NodeId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Each node's proof of life. A node renews its lease every third of the lease time; a lease not renewed for the
 * lease time has lapsed, and another node removes the sessions of that boot.
 */
public interface NodeLeases {

    CompletionStage<Void> renew(NodeLease lease);

    /** The leases that have not lapsed at {@code now}. */
    CompletionStage<List<NodeLease>> live(Instant now);

    /** The leases that lapsed at or before {@code now} and have not been released yet. */
    CompletionStage<List<NodeLease>> lapsed(Instant now);

    /**
     * Drops a lease once its sessions are removed. Returns false if another node released it first, so that only
     * one node announces the dead node's users.
     */
    CompletionStage<Boolean> release(NodeLease lease);

    /**
     * One boot of one node, with what it last said of itself.
     *
     * @param expiresAt when the lease lapses unless renewed
     */
    record NodeLease(NodeId node, String boot, int sessions, Instant heartbeatAt, Instant expiresAt) {
    }
}
