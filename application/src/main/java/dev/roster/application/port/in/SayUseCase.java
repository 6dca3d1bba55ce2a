package dev.roster.application.port.in;

import dev.roster.domain.DomainException;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** A session says something in a room it joined; every member on every node hears it, the sender too. */
public interface SayUseCase {
    CompletionStage<Void> say(SayCommand command);

    record SayCommand(Session session, RoomId room, String text) {
        public static final int MAX_TEXT_LENGTH = 32_768;

        public SayCommand {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(text, "text");
            if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
                throw new DomainException("text must be 1 to " + MAX_TEXT_LENGTH + " characters");
            }
        }
    }
}
