package dev.roster.domain;

/** Why a transition was refused. Each maps to an error code on the wire. */
public enum Rejection {
    /** The session has not joined the room it acts on. */
    NOT_MEMBER("not_member", "this session has not joined that room"),
    /** The session is not (or no longer) registered for this user. */
    NO_SESSION("no_session", "this session is not registered"),
    /** Neither the credentials, nor the application's authorization hook, nor open rooms let the user join. */
    FORBIDDEN("forbidden", "you may not join that room"),
    /** The authorization hook could not be asked (unreachable, too slow, failing), so the join is refused. */
    AUTHZ_UNAVAILABLE("authz_unavailable", "room authorization is unavailable; try again"),
    /** The session is already in as many rooms as a session may join. */
    TOO_MANY_ROOMS("too_many_rooms", "this session is in too many rooms"),
    /** The user already has as many open sessions, across all nodes, as a user may have. */
    TOO_MANY_SESSIONS("too_many_sessions", "too many open sessions for this user");

    private final String code;
    private final String message;

    Rejection(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
