package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.util.Locale;

/**
 * A room event as it travels on a room's channel: JSON, {@code k} telling a presence notice from a message. A
 * notice's session count ({@code n}) and whether only that count changed ({@code c}) came later: a notice without
 * them, from a node of an earlier version, reads as one with no count that is not only a count. The room's size
 * ({@code z}), on a join or a leave, came later still: a notice without it says nothing of the size, and a node of
 * an earlier version reads past it, as past any field it does not know.
 */
final class RoomEventCodec {
    private final ObjectMapper json = new ObjectMapper();

    String encode(RoomEvent event) {
        ObjectNode node = json.createObjectNode();
        node.put("room", event.room().value());
        if (event instanceof PresenceNotice n) {
            node.put("k", "p");
            node.put("user", n.user().value());
            node.put("state", n.state().wire());
            node.put("text", n.text());
            if (n.sessions() != null) {
                node.put("n", n.sessions().intValue());
            }
            if (n.countOnly()) {
                node.put("c", true);
            }
            if (n.roomSize() != null) {
                node.put("z", n.roomSize().longValue());
            }
            node.put("at", Instants.toNanos(n.at()));
            node.put("v", n.version());
        } else if (event instanceof ChatMessage m) {
            node.put("k", "m");
            node.put("from", m.from().value());
            node.put("text", m.text());
            node.put("at", Instants.toNanos(m.at()));
        }
        if (event.origin() != null) {
            node.put("o", event.origin().value());
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an event of room " + event.room(), e);
        }
    }

    /** Fails with {@link IllegalArgumentException} on anything that is not an event this codec wrote. */
    RoomEvent decode(String text) {
        try {
            JsonNode node = json.readTree(text);
            RoomId room = RoomId.of(node.path("room").asText());
            SessionId origin = node.hasNonNull("o") ? SessionId.of(node.get("o").asText()) : null;
            String body = node.hasNonNull("text") ? node.get("text").asText() : null;
            switch (node.path("k").asText()) {
                case "p":
                    return new PresenceNotice(room, UserId.of(node.path("user").asText()),
                            PresenceState.valueOf(node.path("state").asText().toUpperCase(Locale.ROOT)), body,
                            sessions(node), node.path("c").asBoolean(false),
                            Instants.ofNanos(node.path("at").asLong()), node.path("v").asLong(), origin,
                            roomSize(node));
                case "m":
                    return new ChatMessage(room, UserId.of(node.path("from").asText()), body,
                            Instants.ofNanos(node.path("at").asLong()), origin);
                default:
                    throw new IllegalArgumentException("not a room event: " + text);
            }
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a room event: " + e.getMessage(), e);
        }
    }

    private static Long roomSize(JsonNode node) {
        if (!node.hasNonNull("z")) {
            return null;
        }
        JsonNode size = node.get("z");
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw new IllegalArgumentException("a room's size must be a whole number, 0 or more: " + size);
        }
        return size.longValue();
    }

    private static Integer sessions(JsonNode node) {
        if (!node.hasNonNull("n")) {
            return null;
        }
        JsonNode count = node.get("n");
        if (!count.canConvertToInt() || !count.isIntegralNumber()) {
            throw new IllegalArgumentException("a session count must be a whole number: " + count);
        }
        return count.intValue();
    }
}
