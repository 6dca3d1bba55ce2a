package dev.roster.adapters.memory;

import dev.roster.domain.NodeId;
import dev.roster.domain.Session;
import java.util.Objects;

/** One boot of one node: the key under which its sessions and its lease are kept. */
record NodeBoot(NodeId node, String boot) {
    NodeBoot {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(boot, "boot");
    }

    static NodeBoot of(Session session) {
        return new NodeBoot(session.node(), session.boot());
    }
}
