package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.T0;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a user's presence by running the real transitions from {@link Offline} at {@link Fixtures#T0}, so that
 * every fixture is a state the model can actually reach. Sessions are numbered from 1: {@code ann-1}, {@code ann-2}.
 */
final class UserFixture {
    private final UserId user;
    private int sessions;
    private final Map<RoomId, List<Integer>> rooms = new LinkedHashMap<>();
    private Status status;
    private String text;

    UserFixture(UserId user) {
        this.user = user;
    }

    UserFixture withSessions(int count) {
        this.sessions = count;
        return this;
    }

    /** The room is joined by the given sessions (by number), or by session 1 when none is given. */
    UserFixture inRoom(String room, Integer... bySessions) {
        rooms.put(RoomId.of(room), bySessions.length == 0 ? List.of(1) : List.of(bySessions));
        return this;
    }

    UserFixture withStatus(Status chosen, String statusText) {
        this.status = chosen;
        this.text = statusText;
        return this;
    }

    UserId id() {
        return user;
    }

    Session session(int number) {
        return Fixtures.sessionOf(user.value(), user.value() + "-" + number);
    }

    SessionId sid(int number) {
        return session(number).id();
    }

    /** Online at {@link Fixtures#T0} with the sessions, rooms and status asked for. */
    Online online() {
        if (sessions < 1) {
            throw new IllegalStateException("an online fixture needs withSessions(n) with n >= 1");
        }
        Presence p = Presence.unknown(user);
        for (int i = 1; i <= sessions; i++) {
            p = Fixtures.changed(p.open(session(i), T0)).next();
        }
        for (Map.Entry<RoomId, List<Integer>> room : rooms.entrySet()) {
            for (int number : room.getValue()) {
                p = Fixtures.changed(p.join(sid(number), room.getKey(), T0)).next();
            }
        }
        if (status != null) {
            p = p.setStatus(sid(1), status, text, T0).presence();
        }
        return (Online) p;
    }

    /** Every session closed at {@code closedAt}: pending offline until {@code closedAt} plus the grace period. */
    PendingOffline pendingOfflineSince(Instant closedAt) {
        Presence online = online();
        return (PendingOffline) Fixtures.changed(online.close(s -> true, closedAt, GRACE)).next();
    }

    List<Session> allSessions() {
        List<Session> all = new ArrayList<>();
        for (int i = 1; i <= sessions; i++) {
            all.add(session(i));
        }
        return all;
    }
}
