package dev.roster.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A batch of the event log that its sink kept refusing, given up on after every try and kept for operators.
 *
 * @param events   the events of the batch, in order, with their ids
 * @param reason   the last failure, in words
 * @param attempts how many times the batch was tried
 * @param parkedAt when it was given up on
 */
public record DeadLetter(List<LoggedEvent> events, String reason, int attempts, Instant parkedAt) {
    public DeadLetter {
        events = List.copyOf(events);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(parkedAt, "parkedAt");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a dead letter holds at least one event");
        }
    }

    /** The id of the last event of the batch: where delivery goes on from once it is parked. */
    public String lastId() {
        return events.get(events.size() - 1).id();
    }
}
