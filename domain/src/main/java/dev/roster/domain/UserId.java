package dev.roster.domain;

/** The id of a user: 1 to 64 characters of {@code [A-Za-z0-9_.@:-]}, checked when built. */
public record UserId(String value) implements Comparable<UserId> {
    public UserId {
        IdRule.check("user", value);
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public int compareTo(UserId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
