package dev.roster.application.service;

import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.application.port.out.EventLog;
import dev.roster.domain.LoggedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reading the event log is reading the port, within the limits every reader gets. */
final class ReadEventsService implements ReadEventsUseCase {
    private final EventLog log;

    ReadEventsService(EventLog log) {
        this.log = log;
    }

    @Override
    public CompletionStage<List<LoggedEvent>> read(String after, int limit) {
        if (!withinLimits(limit)) {
            return outOfRange(limit);
        }
        return Stages.calling(() -> log.read(after, limit));
    }

    @Override
    public CompletionStage<List<LoggedEvent>> latest(int limit) {
        if (!withinLimits(limit)) {
            return outOfRange(limit);
        }
        return Stages.calling(() -> log.latest(limit));
    }

    @Override
    public AutoCloseable whenAppended(Runnable signal) {
        return log.onAppended(signal);
    }

    static boolean withinLimits(int limit) {
        return limit >= 1 && limit <= MAX_LIMIT;
    }

    static <T> CompletionStage<T> outOfRange(int limit) {
        return CompletableFuture.failedFuture(
                new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit));
    }
}
