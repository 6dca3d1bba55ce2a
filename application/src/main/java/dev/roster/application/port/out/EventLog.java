package dev.roster.application.port.out;

import dev.roster.domain.EventsGoneException;
import dev.roster.domain.LoggedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cluster-wide, ordered, bounded log of presence events that back ends follow.
 *
 * <p>The events of a transition are appended by {@link SessionRegistry#apply} in the same atomic step that
 * commits it: once, in the order the transition made them, and after every earlier event of the same user. This
 * port appends only what is not a transition's ({@link #append}), and reads.
 *
 * <p>Ids are opaque strings that only this log compares. The log keeps about its newest events (at least as
 * many as it is configured to keep); reading after an id it no longer keeps, or after an id of a log that has
 * since been lost (a store restarted without its data), fails with {@link EventsGoneException} rather than
 * skipping what was lost. An id that is not one of this log's at all fails with {@link IllegalArgumentException}.
 * Any other failure is {@code StoreUnavailableException}.
 */
public interface EventLog {

    /** Appends one event that is not a transition's; completes with it under its id. */
    CompletionStage<LoggedEvent> append(LoggedEvent event);

    /**
     * Up to {@code limit} events after {@code after}, oldest first; {@code after} null reads from the oldest kept.
     * An empty list when nothing is newer than {@code after}.
     */
    CompletionStage<List<LoggedEvent>> read(String after, int limit);

    /** The newest {@code limit} events, oldest first. */
    CompletionStage<List<LoggedEvent>> latest(int limit);

    /**
     * Calls {@code signal} whenever events may have been appended, by this node or any other, until the returned
     * handle is closed. The signal runs on the log's own thread and must not block; it carries nothing, and a
     * listener reads what is new itself. Signals may come without new events, never fail to come after one.
     */
    AutoCloseable onAppended(Runnable signal);

    /** A log that keeps nothing: the application runs without one. */
    EventLog NONE = new EventLog() {
        @Override
        public CompletionStage<LoggedEvent> append(LoggedEvent event) {
            return CompletableFuture.completedFuture(event.withId("0"));
        }

        @Override
        public CompletionStage<List<LoggedEvent>> read(String after, int limit) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<List<LoggedEvent>> latest(int limit) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public AutoCloseable onAppended(Runnable signal) {
            return () -> {
            };
        }
    };
}
