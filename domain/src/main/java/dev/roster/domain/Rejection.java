package dev.roster.domain;

/** Why a transition was refused. Each maps to an error code on the wire. */
public enum Rejection {
    /** The session has not joined the room it acts on. */
    NOT_MEMBER("not_member", "this session has not joined that room"),
    /** The session is not (or no longer) registered for this user. */
    NO_SESSION("no_session", "this session is not registered");

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
