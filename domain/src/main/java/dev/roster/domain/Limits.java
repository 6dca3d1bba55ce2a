package dev.roster.domain;

/**
 * How much one user and one session may hold: at most {@code sessionsPerUser} open sessions across every node, and
 * at most {@code roomsPerSession} rooms joined by one session. Both are at least 1, so that a first session and a
 * first room are always let through.
 */
public record Limits(int sessionsPerUser, int roomsPerSession) {
    public static final int DEFAULT_SESSIONS_PER_USER = 32;
    public static final int DEFAULT_ROOMS_PER_SESSION = 100;
    /** The limits a node applies unless configured otherwise. */
    public static final Limits DEFAULT = new Limits(DEFAULT_SESSIONS_PER_USER, DEFAULT_ROOMS_PER_SESSION);
    /** No limit: for putting back what a node already holds, which must never be refused. */
    public static final Limits NONE = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public Limits {
        if (sessionsPerUser < 1) {
            throw new DomainException("sessions per user must be at least 1, got " + sessionsPerUser);
        }
        if (roomsPerSession < 1) {
            throw new DomainException("rooms per session must be at least 1, got " + roomsPerSession);
        }
    }

    /** Whether a user with {@code open} sessions may open another. */
    public boolean admitsSession(int open) {
        return open < sessionsPerUser;
    }

    /** Whether a session already in {@code joined} rooms may join another. */
    public boolean admitsRoom(int joined) {
        return joined < roomsPerSession;
    }
}
