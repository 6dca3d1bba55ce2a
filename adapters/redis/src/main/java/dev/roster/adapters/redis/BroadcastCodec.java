package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.application.port.out.Activity;
import dev.roster.application.port.out.ControlBus.ControlMessage;
import dev.roster.application.port.out.ControlBus.Disconnect;
import dev.roster.application.port.out.ControlBus.Disconnected;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Activity lines and control messages as JSON on their channels; absent fields stay absent. */
final class BroadcastCodec {
    private final ObjectMapper json = new ObjectMapper();

    /** A batch of activity lines as one JSON array. */
    String activities(List<Activity> batch) {
        ArrayNode array = json.createArrayNode();
        batch.forEach(a -> array.add(activityNode(a)));
        return array.toString();
    }

    /** A batch, or a single line as nodes before batching sent it. */
    List<Activity> activities(String text) {
        JsonNode n = read(text);
        if (!n.isArray()) {
            return List.of(activity(n));
        }
        List<Activity> batch = new ArrayList<>(n.size());
        n.forEach(item -> batch.add(activity(item)));
        return batch;
    }

    String activity(Activity a) {
        return activityNode(a).toString();
    }

    private ObjectNode activityNode(Activity a) {
        ObjectNode node = json.createObjectNode();
        node.put("kind", a.kind());
        put(node, "user", a.user(), UserId::value);
        put(node, "room", a.room(), RoomId::value);
        put(node, "state", a.state(), PresenceState::wire);
        node.put("text", a.text());
        put(node, "session", a.session(), SessionId::value);
        put(node, "node", a.node(), NodeId::value);
        node.put("device", a.device());
        if (a.sessions() != null) {
            node.put("sessions", a.sessions());
        }
        if (a.at() != null) {
            node.put("at", Instants.toNanos(a.at()));
        }
        return node;
    }

    Activity activity(String text) {
        return activity(read(text));
    }

    private static Activity activity(JsonNode n) {
        return new Activity(n.path("kind").asText(), get(n, "user", UserId::of), get(n, "room", RoomId::of),
                get(n, "state", s -> PresenceState.valueOf(s.toUpperCase(Locale.ROOT))), get(n, "text", s -> s),
                get(n, "session", SessionId::of), get(n, "node", NodeId::of), get(n, "device", s -> s),
                n.hasNonNull("sessions") ? n.get("sessions").asInt() : null,
                n.hasNonNull("at") ? Instants.ofNanos(n.get("at").asLong()) : null);
    }

    String control(ControlMessage message) {
        ObjectNode node = json.createObjectNode();
        node.put("request", message.request());
        if (message instanceof Disconnect d) {
            node.put("type", "disconnect");
            node.put("fromBoot", d.fromBoot());
            put(node, "user", d.user(), UserId::value);
            put(node, "session", d.session(), SessionId::value);
            node.put("reason", d.reason());
        } else if (message instanceof Disconnected d) {
            node.put("type", "disconnected");
            node.put("toBoot", d.toBoot());
            put(node, "node", d.node(), NodeId::value);
            node.put("closed", d.closed());
        }
        return node.toString();
    }

    ControlMessage control(String text) {
        JsonNode n = read(text);
        String request = n.path("request").asText();
        switch (n.path("type").asText()) {
            case "disconnect":
                return new Disconnect(request, get(n, "fromBoot", s -> s), get(n, "user", UserId::of),
                        get(n, "session", SessionId::of), get(n, "reason", s -> s));
            case "disconnected":
                return new Disconnected(request, get(n, "toBoot", s -> s), get(n, "node", NodeId::of),
                        n.path("closed").asInt());
            default:
                throw new IllegalArgumentException("not a control message: " + text);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> void put(ObjectNode node, String field, T value, Function<T, String> text) {
        if (value != null) {
            node.put(field, text.apply(value));
        }
    }

    private static <T> T get(JsonNode node, String field, Function<String, T> parse) {
        return node.hasNonNull(field) ? parse.apply(node.get(field).asText()) : null;
    }
}
