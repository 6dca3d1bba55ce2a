package dev.roster.domain;

/** An identifier (user, session, node, room) that is not 1 to 64 characters of {@code [A-Za-z0-9_.@:-]}. */
public final class InvalidIdException extends DomainException {
    private static final long serialVersionUID = 1L;
    private final String kind;

    public InvalidIdException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Which kind of id was bad: {@code user}, {@code session}, {@code node} or {@code room}. */
    public String kind() {
        return kind;
    }
}
