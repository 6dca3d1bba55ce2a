package dev.roster.domain;

/** The id of a room: 1 to 64 characters of {@code [A-Za-z0-9_.@:-]}, checked when built. */
public record RoomId(String value) implements Comparable<RoomId> {
    public RoomId {
        IdRule.check("room", value);
    }

    public static RoomId of(String value) {
        return new RoomId(value);
    }

    @Override
    public int compareTo(RoomId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
