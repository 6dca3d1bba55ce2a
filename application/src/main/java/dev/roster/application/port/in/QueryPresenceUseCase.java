package dev.roster.application.port.in;

import dev.roster.domain.NodeBoot;
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

    /**
     * One page of the online users. {@code cursor} is null for the first page, else the {@code next} of the page
     * before; any other text fails the answer with {@link BadCursorException}.
     */
    CompletionStage<OnlinePage> online(int limit, String cursor);

    CompletionStage<Long> onlineCount();

    /**
     * A page of online users whose id starts with {@code prefix}, with their presence, for operators; the cursor
     * is handled as by {@link #online}.
     */
    CompletionStage<UserPage> search(String prefix, int limit, String cursor);

    CompletionStage<List<Member>> room(RoomId room);

    /**
     * One page of at most {@code limit} (1 to {@link #MAX_PAGE}) of the room's members, in user-id order; the cursor
     * is null for the first page, else the {@code next} of the page before (of the same room), and any other text
     * fails the answer with {@link BadCursorException}. Every member present through the whole walk is listed
     * exactly once; a page may hold fewer than {@code limit} members while {@code next} is not null.
     */
    CompletionStage<MemberPage> room(RoomId room, int limit, String cursor);

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

    /** A live node boot, with its sessions and its last heartbeat. */
    record NodeView(NodeBoot id, int sessions, Instant heartbeatAt) {
    }

    /**
     * The cursor given to {@link #online}, {@link #search} or a paged {@link #room} is not one this service handed
     * out for that listing.
     */
    class BadCursorException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public BadCursorException(String cursor) {
            super("not a cursor this server handed out: " + cursor);
        }
    }
}
