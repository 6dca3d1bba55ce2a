package dev.roster.application.port.in;

import dev.roster.domain.Session;
import java.util.concurrent.CompletionStage;

/** A connection of this node ended; its user starts the grace period if it was the last one. */
public interface DisconnectUseCase {
    CompletionStage<Void> disconnect(Session session);

    /** Closes every session this node holds (a graceful shutdown). */
    CompletionStage<Void> disconnectAll();
}
