package dev.roster.application.port.in;

import dev.roster.domain.DomainException;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A session asks who is in a room it joined, one page at a time. {@code cursor} is null for the first page, else
 * the {@code next} of the page before; any other text fails the answer with
 * {@link QueryPresenceUseCase.BadCursorException}.
 */
public interface WhoUseCase {
    CompletionStage<MemberPage> who(WhoCommand command);

    /** {@code limit}: at most this many members, 1 to {@link #MAX_LIMIT}; {@code cursor}: null or a page's next. */
    record WhoCommand(Session session, RoomId room, int limit, String cursor) {
        public static final int MAX_LIMIT = 1000;
        public static final int DEFAULT_LIMIT = 1000;

        public WhoCommand {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(room, "room");
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new DomainException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
            }
        }

        /** The first page, of the default size. */
        public WhoCommand(Session session, RoomId room) {
            this(session, room, DEFAULT_LIMIT, null);
        }
    }
}
