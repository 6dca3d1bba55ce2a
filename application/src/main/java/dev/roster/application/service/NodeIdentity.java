package dev.roster.application.service;

import dev.roster.domain.NodeId;
import java.util.Objects;

/** This node's name in the cluster and the id of its current boot (unique per start). */
public record NodeIdentity(NodeId node, String boot) {
    public NodeIdentity {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(boot, "boot");
    }
}
