package dev.roster.domain;

/** The id of a session: 1 to 64 characters of {@code [A-Za-z0-9_.@:-]}, checked when built. */
public record SessionId(String value) implements Comparable<SessionId> {
    public SessionId {
        IdRule.check("session", value);
    }

    public static SessionId of(String value) {
        return new SessionId(value);
    }

    @Override
    public int compareTo(SessionId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
