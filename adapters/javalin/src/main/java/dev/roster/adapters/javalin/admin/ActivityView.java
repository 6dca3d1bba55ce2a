package dev.roster.adapters.javalin.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.domain.Activity;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.util.Map;
import java.util.function.Function;

/**
 * An activity line as the dashboard's feed shows it: its {@code kind}, the fields of that kind in a fixed order
 * ({@code user}, {@code room}, {@code state}, {@code text}, {@code session}, {@code node}, {@code device},
 * {@code sessions}; absent ones left out), and {@code at} in epoch milliseconds. A node removal shows its dead
 * node and how many users and sessions it had. An event of the cluster's log is shown as the activity of the same
 * change ({@code user.online} as {@code came_online}, {@code session.disconnected} as the operator's disconnect,
 * ...), so the feed looks the same whichever brought it.
 */
final class ActivityView {
    private final ObjectMapper json;

    ActivityView(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode of(Activity activity) {
        ObjectNode node = json.createObjectNode().put("kind", activity.kind());
        if (activity instanceof Activity.CameOnline a) {
            put(node, "user", a.user(), UserId::value);
            put(node, "state", a.state(), PresenceState::wire);
        } else if (activity instanceof Activity.WentOffline a) {
            put(node, "user", a.user(), UserId::value);
            node.put("state", PresenceState.OFFLINE.wire()).put("sessions", 0);
        } else if (activity instanceof Activity.StatusChanged a) {
            put(node, "user", a.user(), UserId::value);
            put(node, "state", a.state(), PresenceState::wire);
            put(node, "text", a.text(), Function.identity());
            put(node, "session", a.by(), SessionId::value);
        } else if (activity instanceof Activity.JoinedRoom a) {
            put(node, "user", a.user(), UserId::value);
            put(node, "room", a.room(), RoomId::value);
            put(node, "state", a.state(), PresenceState::wire);
            put(node, "session", a.by(), SessionId::value);
        } else if (activity instanceof Activity.LeftRoom a) {
            put(node, "user", a.user(), UserId::value);
            put(node, "room", a.room(), RoomId::value);
            node.put("state", PresenceState.OFFLINE.wire());
            put(node, "session", a.by(), SessionId::value);
        } else if (activity instanceof Activity.SessionOpened a) {
            session(node, a.user(), a.session(), a.node(), a.device()).put("sessions", a.sessions());
        } else if (activity instanceof Activity.SessionClosed a) {
            session(node, a.user(), a.session(), a.node(), a.device()).put("sessions", a.sessions());
        } else if (activity instanceof Activity.DisconnectedByAdmin a) {
            session(node, a.user(), a.session(), a.node(), a.device());
        } else if (activity instanceof Activity.NodeRemoved a) {
            node.put("node", a.node() == null ? null : a.node().value()).put("users", a.users())
                    .put("sessions", a.sessions());
        }
        return node.put("at", activity.at().toEpochMilli());
    }

    /** The line of an event of the cluster's log; a type the dashboard does not know is shown by its name. */
    ObjectNode of(LoggedEvent event) {
        ObjectNode node = json.createObjectNode().put("kind", kind(event.type()));
        Map<String, Object> d = event.details();
        node.put("user", event.user().value());
        switch (event.type()) {
            case LoggedEvent.USER_ONLINE -> text(node, "state", d.get("state"));
            case LoggedEvent.USER_OFFLINE -> node.put("state", PresenceState.OFFLINE.wire()).put("sessions", 0);
            case LoggedEvent.USER_STATUS -> {
                text(node, "state", d.get("state"));
                text(node, "text", d.get("text"));
                text(node, "session", d.get("session"));
            }
            case LoggedEvent.ROOM_JOINED -> {
                text(node, "room", d.get("room"));
                text(node, "state", d.get("state"));
                text(node, "session", d.get("session"));
            }
            case LoggedEvent.ROOM_LEFT -> {
                text(node, "room", d.get("room"));
                node.put("state", PresenceState.OFFLINE.wire());
                text(node, "session", d.get("session"));
            }
            case LoggedEvent.SESSION_OPENED, LoggedEvent.SESSION_CLOSED, LoggedEvent.SESSION_DISCONNECTED -> {
                text(node, "session", d.get("session"));
                text(node, "node", d.get("node"));
                text(node, "device", d.get("device"));
                if (d.get("sessions") instanceof Number n) {
                    node.put("sessions", n.intValue());
                }
            }
            default -> {
                // a type added after this dashboard: its name and user say enough
            }
        }
        return node.put("at", event.at().toEpochMilli());
    }

    /** The activity kind the dashboard shows an event type of the log as. */
    static String kind(String type) {
        return switch (type) {
            case LoggedEvent.USER_ONLINE -> "came_online";
            case LoggedEvent.USER_OFFLINE -> "went_offline";
            case LoggedEvent.USER_STATUS -> "status_changed";
            case LoggedEvent.ROOM_JOINED -> "joined_room";
            case LoggedEvent.ROOM_LEFT -> "left_room";
            case LoggedEvent.SESSION_OPENED -> "session_opened";
            case LoggedEvent.SESSION_CLOSED -> "session_closed";
            case LoggedEvent.SESSION_DISCONNECTED -> "disconnected_by_admin";
            default -> type;
        };
    }

    private static void text(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static ObjectNode session(ObjectNode node, UserId user, SessionId session, NodeId on, String device) {
        put(node, "user", user, UserId::value);
        put(node, "session", session, SessionId::value);
        put(node, "node", on, NodeId::value);
        put(node, "device", device, Function.identity());
        return node;
    }

    private static <T> void put(ObjectNode node, String field, T value, Function<T, String> text) {
        if (value != null) {
            node.put(field, text.apply(value));
        }
    }
}
