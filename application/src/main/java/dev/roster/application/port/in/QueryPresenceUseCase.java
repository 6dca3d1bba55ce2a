package dev.roster.application.port.in;

import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** What operators and back ends ask of the cluster's presence. */
public interface QueryPresenceUseCase {

    CompletionStage<UserView> user(UserId user);

    CompletionStage<OnlinePage> online(int limit, String cursor);

    CompletionStage<Long> onlineCount();

    /** A page of online users whose id starts with {@code prefix}, with their presence, for operators. */
    CompletionStage<UserPage> search(String prefix, int limit, String cursor);

    CompletionStage<List<Member>> room(RoomId room);

    CompletionStage<List<NodeView>> nodes();

    int MAX_PAGE = 1000;

    /**
     * One user: {@code state} is the effective presence, {@code status} the one chosen (null when offline),
     * {@code lastSeen} now while a session is open, else when the last one closed (null if never seen).
     */
    record UserView(UserId user, PresenceState state, Status status, String statusText, Instant since,
                    Instant lastSeen, Set<RoomId> rooms, List<Session> sessions) {
    }

    record OnlinePage(List<UserId> users, String next) {
    }

    record UserPage(List<UserView> users, String next) {
    }

    record NodeView(NodeId node, String boot, int sessions, Instant heartbeatAt) {
    }

    /** The cursor given to {@link #online} or {@link #search} was not one this cluster handed out. */
    class BadCursorException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public BadCursorException(String message) {
            super(message);
        }
    }
}
