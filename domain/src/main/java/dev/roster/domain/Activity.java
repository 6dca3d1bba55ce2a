package dev.roster.domain;

import java.time.Instant;

/**
 * One line of the cluster-wide activity feed operators watch: a presence event, or what an operator or a node did
 * about sessions. Each kind is its own record, carrying what that kind says and nothing else; {@link #kind()} is
 * the name the feed shows it under.
 */
public sealed interface Activity {

    /** The feed's name of this kind, e.g. {@code came_online}. */
    String kind();

    Instant at();

    /** The line a presence event makes: every event is one line (a status change is one, not one per room). */
    static Activity of(PresenceEvent event) {
        if (event instanceof PresenceEvent.UserCameOnline e) {
            return new CameOnline(e.user(), e.status().asState(), e.at());
        } else if (event instanceof PresenceEvent.UserWentOffline e) {
            return new WentOffline(e.user(), e.at());
        } else if (event instanceof PresenceEvent.StatusChanged e) {
            return new StatusChanged(e.user(), e.status().asState(), e.text(), e.by(), e.at());
        } else if (event instanceof PresenceEvent.JoinedRoom e) {
            return new JoinedRoom(e.user(), e.room(), e.state(), e.by(), e.at());
        } else if (event instanceof PresenceEvent.LeftRoom e) {
            return new LeftRoom(e.user(), e.room(), e.by(), e.at());
        } else if (event instanceof PresenceEvent.SessionOpened e) {
            return new SessionOpened(e.user(), e.session().id(), e.session().node(), e.session().device(),
                    e.sessions(), e.at());
        } else if (event instanceof PresenceEvent.SessionClosed e) {
            return new SessionClosed(e.user(), e.session().id(), e.session().node(), e.session().device(),
                    e.sessions(), e.at());
        }
        throw new IllegalArgumentException("no activity line for " + event);
    }

    /** The user's first session opened; {@code state} is how others see the user now. */
    record CameOnline(UserId user, PresenceState state, Instant at) implements Activity {
        @Override
        public String kind() {
            return "came_online";
        }
    }

    /** The grace period after the user's last session ran out: the user is offline, with no sessions. */
    record WentOffline(UserId user, Instant at) implements Activity {
        @Override
        public String kind() {
            return "went_offline";
        }
    }

    /**
     * The user chose another status or status text.
     *
     * @param text the new status text, null when none
     * @param by   the session that changed it, null when not known
     */
    record StatusChanged(UserId user, PresenceState state, String text, SessionId by, Instant at)
            implements Activity {
        @Override
        public String kind() {
            return "status_changed";
        }
    }

    /** The user became a member of a room, seen there as {@code state}; {@code by} is the session, if known. */
    record JoinedRoom(UserId user, RoomId room, PresenceState state, SessionId by, Instant at) implements Activity {
        @Override
        public String kind() {
            return "joined_room";
        }
    }

    /** The user left a room: {@code by} is the session that left, null when the grace period ran out. */
    record LeftRoom(UserId user, RoomId room, SessionId by, Instant at) implements Activity {
        @Override
        public String kind() {
            return "left_room";
        }
    }

    /**
     * A session opened on {@code node}; {@code sessions} counts the user's open sessions after it.
     *
     * @param device what the client said it is, null when it said nothing
     */
    record SessionOpened(UserId user, SessionId session, NodeId node, String device, int sessions, Instant at)
            implements Activity {
        @Override
        public String kind() {
            return "session_opened";
        }
    }

    /**
     * A session closed (by its client, the server, or because its node died); {@code sessions} counts the user's
     * open sessions after it.
     *
     * @param device what the client said it is, null when it said nothing
     */
    record SessionClosed(UserId user, SessionId session, NodeId node, String device, int sessions, Instant at)
            implements Activity {
        @Override
        public String kind() {
            return "session_closed";
        }
    }

    /**
     * An operator disconnected a session, on the node that held it.
     *
     * @param device what the client said it is, null when it said nothing
     */
    record DisconnectedByAdmin(UserId user, SessionId session, NodeId node, String device, Instant at)
            implements Activity {
        @Override
        public String kind() {
            return "disconnected_by_admin";
        }
    }

    /**
     * A node removed the sessions of {@code node}, which stopped renewing its lease: {@code sessions} sessions,
     * which belonged to {@code users} users.
     */
    record NodeRemoved(NodeId node, int users, int sessions, Instant at) implements Activity {
        @Override
        public String kind() {
            return "node_removed";
        }
    }
}
