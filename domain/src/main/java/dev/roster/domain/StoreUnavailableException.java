package dev.roster.domain;

/**
 * The shared truth of who is online cannot be read or changed right now (the store is unreachable or busy), so
 * nothing was changed: the caller may try again. Both sides of the application speak it: the stores raise it, the
 * use cases let it through, and the adapters facing clients turn it into "try again later".
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
