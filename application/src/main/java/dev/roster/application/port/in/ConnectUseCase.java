package dev.roster.application.port.in;

import dev.roster.domain.Session;
import dev.roster.domain.UserId;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** Registers a new connection of an authenticated user on this node. */
public interface ConnectUseCase {

    /**
     * Completes once the session is in the shared registry, so every node reports the user online. Fails with a
     * {@link PresenceRejectedException} of {@link dev.roster.domain.Rejection#TOO_MANY_SESSIONS} when the user
     * already has as many open sessions, across all nodes, as it may have; then nothing was registered.
     */
    CompletionStage<Session> connect(ConnectCommand command);

    record ConnectCommand(UserId user, String device) {
        public ConnectCommand {
            Objects.requireNonNull(user, "user");
            device = Session.checkDevice(device);
        }
    }
}
