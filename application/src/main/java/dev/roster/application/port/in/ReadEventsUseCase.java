package dev.roster.application.port.in;

import dev.roster.domain.LoggedEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A back end or an operator reads the cluster's event log: pages of it from any point still kept, its newest
 * events, and a signal when there may be more.
 */
public interface ReadEventsUseCase {
    /** The most events one read returns. */
    int MAX_LIMIT = 1000;

    /**
     * Up to {@code limit} (1 to {@link #MAX_LIMIT}) events after {@code after}, oldest first; {@code after} null
     * reads from the oldest kept. Fails with {@code EventsGoneException} when the log no longer keeps what came
     * after {@code after}, and with {@link IllegalArgumentException} for an id that is not the log's or a limit
     * out of range.
     */
    CompletionStage<List<LoggedEvent>> read(String after, int limit);

    /** The newest {@code limit} (1 to {@link #MAX_LIMIT}) events, oldest first. */
    CompletionStage<List<LoggedEvent>> latest(int limit);

    /**
     * Calls {@code signal} whenever events may have been appended on any node, until the handle is closed; the
     * signal must not block.
     */
    AutoCloseable whenAppended(Runnable signal);
}
