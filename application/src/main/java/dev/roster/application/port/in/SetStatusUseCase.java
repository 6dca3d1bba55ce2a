package dev.roster.application.port.in;

import dev.roster.domain.Session;
import dev.roster.domain.Status;
import dev.roster.domain.StatusText;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** The user chooses a status (online, away, busy) and an optional text; every room it is in hears it. */
public interface SetStatusUseCase {
    CompletionStage<Void> setStatus(StatusCommand command);

    record StatusCommand(Session session, Status status, String text) {
        public StatusCommand {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(status, "status");
            text = StatusText.check(text);
        }
    }
}
