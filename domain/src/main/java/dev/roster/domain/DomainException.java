package dev.roster.domain;

/** A rule of the presence model was broken by the input; the message says which, in words a client can show. */
public class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DomainException(String message) {
        super(message);
    }
}
