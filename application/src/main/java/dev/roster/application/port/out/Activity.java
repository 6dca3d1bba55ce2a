package dev.roster.application.port.out;

import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the cluster-wide activity feed operators watch: a presence event, or an operator's action.
 * Fields that do not apply to the kind are null.
 *
 * @param kind {@code came_online}, {@code went_offline}, {@code status_changed}, {@code joined_room},
 *             {@code left_room}, {@code session_opened}, {@code session_closed}, {@code disconnected_by_admin} or
 *             {@code node_removed}
 */
public record Activity(String kind, UserId user, RoomId room, PresenceState state, String text, SessionId session,
                       NodeId node, String device, Integer sessions, Instant at) {

    public static final String DISCONNECTED_BY_ADMIN = "disconnected_by_admin";
    public static final String NODE_REMOVED = "node_removed";

    /**
     * A node removed the sessions of a node that stopped renewing its lease: {@code node} is the dead node,
     * {@code sessions} how many sessions were closed, and {@code text} how many users they belonged to.
     */
    public static Activity nodeRemoved(NodeId node, int users, int sessions, Instant at) {
        return new Activity(NODE_REMOVED, null, null, null, Integer.toString(users), null, node, null, sessions, at);
    }

    /** The feed lines of one presence event (a status change is one line, not one per room). */
    public static List<Activity> of(PresenceEvent event) {
        List<Activity> lines = new ArrayList<>(1);
        if (event instanceof PresenceEvent.UserCameOnline e) {
            lines.add(new Activity("came_online", e.user(), null, e.status().asState(), null, null, null, null,
                    null, e.at()));
        } else if (event instanceof PresenceEvent.UserWentOffline e) {
            lines.add(new Activity("went_offline", e.user(), null, PresenceState.OFFLINE, null, null, null, null,
                    0, e.at()));
        } else if (event instanceof PresenceEvent.StatusChanged e) {
            lines.add(new Activity("status_changed", e.user(), null, e.status().asState(), e.text(), e.by(), null,
                    null, null, e.at()));
        } else if (event instanceof PresenceEvent.JoinedRoom e) {
            lines.add(new Activity("joined_room", e.user(), e.room(), e.state(), null, e.by(), null, null, null,
                    e.at()));
        } else if (event instanceof PresenceEvent.LeftRoom e) {
            lines.add(new Activity("left_room", e.user(), e.room(), PresenceState.OFFLINE, null, e.by(), null, null,
                    null, e.at()));
        } else if (event instanceof PresenceEvent.SessionOpened e) {
            lines.add(new Activity("session_opened", e.user(), null, null, null, e.session().id(),
                    e.session().node(), e.session().device(), e.sessions(), e.at()));
        } else if (event instanceof PresenceEvent.SessionClosed e) {
            lines.add(new Activity("session_closed", e.user(), null, null, null, e.session().id(),
                    e.session().node(), e.session().device(), e.sessions(), e.at()));
        }
        return lines;
    }
}
