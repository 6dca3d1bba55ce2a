package dev.roster.adapters.javalin.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.domain.Activity;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.util.function.Function;

/**
 * An activity line as the dashboard's feed shows it: its {@code kind}, the fields of that kind in a fixed order
 * ({@code user}, {@code room}, {@code state}, {@code text}, {@code session}, {@code node}, {@code device},
 * {@code sessions}; absent ones left out), and {@code at} in epoch milliseconds. A node removal shows its dead
 * node and how many users and sessions it had.
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
