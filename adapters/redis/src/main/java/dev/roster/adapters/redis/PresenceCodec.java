package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.domain.NodeId;
import dev.roster.domain.Offline;
import dev.roster.domain.Online;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionEntry;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A presence as stored: {@code <version>|<json>}. The version leads so that the commit script compares it without
 * parsing JSON; the user is not repeated (it is in the key). Field names are short because every online user
 * holds one such value (ADR 6 counts the bytes).
 */
final class PresenceCodec {
    private final ObjectMapper json = new ObjectMapper();

    String encode(Presence presence) {
        ObjectNode node = json.createObjectNode();
        if (presence instanceof Offline off) {
            node.put("s", "off");
            if (off.lastSeenAt() != null) {
                node.put("ls", Instants.toNanos(off.lastSeenAt()));
            }
        } else if (presence instanceof Online on) {
            node.put("s", "on");
            chosen(node, on.chosen(), on.text(), on.sinceAt(), on.lastSeenAt(), on.lingering());
            ArrayNode sessions = node.putArray("ss");
            on.sessions().values().forEach(entry -> sessions.add(session(entry)));
        } else if (presence instanceof PendingOffline pending) {
            node.put("s", "pend");
            chosen(node, pending.chosen(), pending.text(), pending.sinceAt(), pending.lastSeenAt(),
                    pending.lingering());
            node.put("dl", Instants.toNanos(pending.deadline()));
        }
        try {
            return presence.version() + "|" + json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the presence of " + presence.user(), e);
        }
    }

    /** The stored value back as a presence; null or absent means the user was never seen (or expired). */
    Presence decode(UserId user, String stored) {
        if (stored == null) {
            return Presence.unknown(user);
        }
        int bar = stored.indexOf('|');
        long version = Long.parseLong(stored.substring(0, bar));
        JsonNode node;
        try {
            node = json.readTree(stored.substring(bar + 1));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored presence of " + user + " is not valid JSON", e);
        }
        String state = node.path("s").asText();
        switch (state) {
            case "off":
                return new Offline(user, instant(node, "ls"), version);
            case "on": {
                Map<SessionId, SessionEntry> sessions = new HashMap<>();
                for (JsonNode s : node.path("ss")) {
                    SessionEntry entry = session(user, s);
                    sessions.put(entry.session().id(), entry);
                }
                return new Online(user, Status.parse(node.path("st").asText()), text(node), instant(node, "si"),
                        instant(node, "ls"), sessions, lingering(node), version);
            }
            case "pend":
                return new PendingOffline(user, Status.parse(node.path("st").asText()), text(node),
                        instant(node, "si"), instant(node, "ls"), instant(node, "dl"), lingering(node), version);
            default:
                throw new IllegalStateException("the stored presence of " + user + " has no known state: " + state);
        }
    }

    /** The version of a stored value, without parsing the rest; 0 when absent. */
    static long version(String stored) {
        return stored == null ? 0 : Long.parseLong(stored.substring(0, stored.indexOf('|')));
    }

    private static void chosen(ObjectNode node, Status status, String text, Instant since, Instant lastSeen,
                               Map<RoomId, Instant> lingering) {
        node.put("st", status.wire());
        if (text != null) {
            node.put("tx", text);
        }
        node.put("si", Instants.toNanos(since));
        node.put("ls", Instants.toNanos(lastSeen));
        if (!lingering.isEmpty()) {
            ObjectNode rooms = node.putObject("lg");
            lingering.forEach((room, deadline) -> rooms.put(room.value(), Instants.toNanos(deadline)));
        }
    }

    private ObjectNode session(SessionEntry entry) {
        Session s = entry.session();
        ObjectNode node = json.createObjectNode();
        node.put("i", s.id().value());
        node.put("n", s.node().value());
        node.put("b", s.boot());
        if (!"unknown".equals(s.device())) {
            node.put("d", s.device());
        }
        node.put("c", Instants.toNanos(s.connectedAt()));
        if (!entry.rooms().isEmpty()) {
            ArrayNode rooms = node.putArray("r");
            entry.rooms().forEach(room -> rooms.add(room.value()));
        }
        return node;
    }

    private static SessionEntry session(UserId user, JsonNode node) {
        Set<RoomId> rooms = new HashSet<>();
        node.path("r").forEach(r -> rooms.add(RoomId.of(r.asText())));
        Session session = new Session(SessionId.of(node.path("i").asText()), user, NodeId.of(node.path("n").asText()),
                node.path("b").asText(), node.path("d").asText(null), instant(node, "c"));
        return new SessionEntry(session, rooms);
    }

    private static Map<RoomId, Instant> lingering(JsonNode node) {
        Map<RoomId, Instant> rooms = new HashMap<>();
        node.path("lg").properties()
                .forEach(e -> rooms.put(RoomId.of(e.getKey()), Instants.ofNanos(e.getValue().asLong())));
        return rooms;
    }

    private static String text(JsonNode node) {
        return node.hasNonNull("tx") ? node.get("tx").asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? Instants.ofNanos(node.get(field).asLong()) : null;
    }
}
