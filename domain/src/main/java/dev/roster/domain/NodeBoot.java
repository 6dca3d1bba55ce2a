package dev.roster.domain;

import java.util.Objects;

/** One run of one node: its sessions belong to it, and its lease proves it alive. A restarted node is a new boot. */
public record NodeBoot(NodeId node, String boot) {
    public NodeBoot {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(boot, "boot");
        if (boot.isBlank() || boot.indexOf(' ') >= 0) {
            throw new DomainException("a boot id is not blank and has no spaces: '" + boot + "'");
        }
    }

    public static NodeBoot of(Session session) {
        return new NodeBoot(session.node(), session.boot());
    }

    /** The boot {@link #toString()} wrote ({@code "<node> <boot>"}), or null for text that is not one. */
    public static NodeBoot parse(String text) {
        int space = text == null ? -1 : text.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        try {
            return new NodeBoot(NodeId.of(text.substring(0, space)), text.substring(space + 1));
        } catch (DomainException e) {
            return null;
        }
    }

    public boolean holds(Session session) {
        return session.heldBy(node, boot);
    }

    @Override
    public String toString() {
        return node.value() + " " + boot;
    }
}
