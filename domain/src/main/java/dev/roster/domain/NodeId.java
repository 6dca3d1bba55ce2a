package dev.roster.domain;

/** The id of a node: 1 to 64 characters of {@code [A-Za-z0-9_.@:-]}, checked when built. */
public record NodeId(String value) implements Comparable<NodeId> {
    public NodeId {
        IdRule.check("node", value);
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
