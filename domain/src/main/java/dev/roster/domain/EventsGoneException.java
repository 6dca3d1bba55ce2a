package dev.roster.domain;

/**
 * A read of the event log started after an id the log no longer keeps (trimmed, or lost with the store): what
 * came between cannot be read, and the reader is told so instead of being handed a gap.
 */
public final class EventsGoneException extends RuntimeException {
    private final transient String oldest;

    /** @param oldest the oldest id the log keeps now, null when it keeps none */
    public EventsGoneException(String after, String oldest) {
        super("the event log no longer keeps what came after " + after);
        this.oldest = oldest;
    }

    /** The oldest id the log keeps now, null when it keeps none: where a reader can start again. */
    public String oldest() {
        return oldest;
    }
}
