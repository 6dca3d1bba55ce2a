package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A presence as stored: {@code <version>|<json>}. The version leads so that the commit script compares it without
 * parsing JSON; the user is not repeated (it is in the key). Field names are short because every online user
 * holds one such value (ADR 6 counts the bytes).
 *
 * <p>Written and read as token streams, not trees (every open and close encodes and decodes one). The format is
 * the one the tree-based code wrote, byte for byte, and reading accepts what it accepted: fields in any order,
 * unknown fields skipped, {@code null} as absent where it was, and of duplicate fields the last.
 */
final class PresenceCodec {
    private final JsonFactory json = new JsonFactory();

    String encode(Presence presence) {
        StringWriter out = new StringWriter(presence instanceof Online on ? 120 + 100 * on.sessions().size() : 120);
        out.write(Long.toString(presence.version()));
        out.write('|');
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            if (presence instanceof Offline off) {
                g.writeStringField("s", "off");
                if (off.lastSeenAt() != null) {
                    g.writeNumberField("ls", Instants.toNanos(off.lastSeenAt()));
                }
            } else if (presence instanceof Online on) {
                g.writeStringField("s", "on");
                chosen(g, on.chosen(), on.text(), on.sinceAt(), on.lastSeenAt(), on.lingering());
                g.writeArrayFieldStart("ss");
                for (SessionEntry entry : on.sessions().values()) {
                    session(g, entry);
                }
                g.writeEndArray();
            } else if (presence instanceof PendingOffline pending) {
                g.writeStringField("s", "pend");
                chosen(g, pending.chosen(), pending.text(), pending.sinceAt(), pending.lastSeenAt(),
                        pending.lingering());
                g.writeNumberField("dl", Instants.toNanos(pending.deadline()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the presence of " + presence.user(), e);
        }
        return out.toString();
    }

    /** The stored value back as a presence; null or absent means the user was never seen (or expired). */
    Presence decode(UserId user, String stored) {
        if (stored == null) {
            return Presence.unknown(user);
        }
        int bar = stored.indexOf('|');
        long version = Long.parseLong(stored.substring(0, bar));
        Stored node = new Stored();
        try (JsonParser p = json.createParser(stored.substring(bar + 1))) {
            node.read(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored presence of " + user + " is not valid JSON", e);
        } catch (IOException e) {
            throw new IllegalStateException("the stored presence of " + user + " cannot be read", e);
        }
        String state = node.state;
        switch (state) {
            case "off":
                return new Offline(user, node.lastSeen, version);
            case "on": {
                Map<SessionId, SessionEntry> sessions = new HashMap<>();
                for (StoredSession s : node.sessions) {
                    SessionEntry entry = s.entry(user);
                    sessions.put(entry.session().id(), entry);
                }
                return new Online(user, Status.parse(node.status), node.text, node.since, node.lastSeen, sessions,
                        node.lingering(), version);
            }
            case "pend":
                return new PendingOffline(user, Status.parse(node.status), node.text, node.since, node.lastSeen,
                        node.deadline, node.lingering(), version);
            default:
                throw new IllegalStateException("the stored presence of " + user + " has no known state: " + state);
        }
    }

    /** The version of a stored value, without parsing the rest; 0 when absent. */
    static long version(String stored) {
        return stored == null ? 0 : Long.parseLong(stored.substring(0, stored.indexOf('|')));
    }

    private static void chosen(JsonGenerator g, Status status, String text, Instant since, Instant lastSeen,
                               Map<RoomId, Instant> lingering) throws IOException {
        g.writeStringField("st", status.wire());
        if (text != null) {
            g.writeStringField("tx", text);
        }
        g.writeNumberField("si", Instants.toNanos(since));
        g.writeNumberField("ls", Instants.toNanos(lastSeen));
        if (!lingering.isEmpty()) {
            g.writeObjectFieldStart("lg");
            for (Map.Entry<RoomId, Instant> room : lingering.entrySet()) {
                g.writeNumberField(room.getKey().value(), Instants.toNanos(room.getValue()));
            }
            g.writeEndObject();
        }
    }

    private static void session(JsonGenerator g, SessionEntry entry) throws IOException {
        Session s = entry.session();
        g.writeStartObject();
        g.writeStringField("i", s.id().value());
        g.writeStringField("n", s.node().value());
        g.writeStringField("b", s.boot());
        if (!"unknown".equals(s.device())) {
            g.writeStringField("d", s.device());
        }
        g.writeNumberField("c", Instants.toNanos(s.connectedAt()));
        if (!entry.rooms().isEmpty()) {
            g.writeArrayFieldStart("r");
            for (RoomId room : entry.rooms()) {
                g.writeString(room.value());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static Instant instant(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : Instants.ofNanos(JsonValues.asLong(p));
    }

    /**
     * The fields of a stored value as read, converted to domain values only once the whole value has parsed (so
     * that malformed JSON is reported as such, and sessions are built only for an online presence). Defaults are
     * what the tree code read from a missing field: {@code ""} for {@code path(f).asText()}, null otherwise.
     */
    private static final class Stored {
        String state = "";
        String status = "";
        String text;
        Instant since;
        Instant lastSeen;
        Instant deadline;
        Map<String, Instant> lingering = Map.of();
        List<StoredSession> sessions = List.of();

        Map<RoomId, Instant> lingering() {
            Map<RoomId, Instant> rooms = new HashMap<>();
            lingering.forEach((room, deadline) -> rooms.put(RoomId.of(room), deadline));
            return rooms;
        }

        void read(JsonParser p) throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                if (p.currentToken() != null) {
                    p.skipChildren();
                }
                return;
            }
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "s" -> state = JsonValues.text(p);
                    case "st" -> status = JsonValues.text(p);
                    case "tx" -> text = JsonValues.textOrNull(p);
                    case "si" -> since = instant(p);
                    case "ls" -> lastSeen = instant(p);
                    case "dl" -> deadline = instant(p);
                    case "lg" -> lingering = lingering(p);
                    case "ss" -> sessions = sessions(p);
                    default -> p.skipChildren();
                }
            }
        }

        /** As {@code path("lg").properties()}: the fields of an object, nothing of anything else. */
        private static Map<String, Instant> lingering(JsonParser p) throws IOException {
            Map<String, Instant> rooms = new HashMap<>();
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return rooms;
            }
            String room;
            while ((room = p.nextFieldName()) != null) {
                p.nextToken();
                rooms.put(room, Instants.ofNanos(JsonValues.asLong(p)));
            }
            return rooms;
        }

        /** As iterating {@code path("ss")}: the elements of an array, or the values of an object. */
        private static List<StoredSession> sessions(JsonParser p) throws IOException {
            return elements(p, StoredSession::read);
        }
    }

    /** Reads one element at the parser's current token. */
    private interface ElementReader<T> {
        T read(JsonParser p) throws IOException;
    }

    /**
     * The elements of the array, or the values of the object, at the parser's current token, each read by
     * {@code reader}; none for anything else (as iterating a tree node does).
     */
    private static <T> List<T> elements(JsonParser p, ElementReader<T> reader) throws IOException {
        List<T> elements = new ArrayList<>(2);
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_ARRAY && t != JsonToken.START_OBJECT) {
            return elements;
        }
        JsonToken end = t == JsonToken.START_ARRAY ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
        for (JsonToken next = p.nextToken(); next != end; next = p.nextToken()) {
            if (next == JsonToken.FIELD_NAME) {
                p.nextToken();
            }
            elements.add(reader.read(p));
        }
        return elements;
    }

    private static final class StoredSession {
        String id = "";
        String node = "";
        String boot = "";
        String device;
        Instant connected;
        List<String> rooms = List.of();

        /** One element of {@code ss}; anything but an object reads as an element with no fields. */
        static StoredSession read(JsonParser p) throws IOException {
            StoredSession s = new StoredSession();
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return s;
            }
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "i" -> s.id = JsonValues.text(p);
                    case "n" -> s.node = JsonValues.text(p);
                    case "b" -> s.boot = JsonValues.text(p);
                    case "d" -> s.device = JsonValues.textOrNull(p);
                    case "c" -> s.connected = instant(p);
                    case "r" -> s.rooms = rooms(p);
                    default -> p.skipChildren();
                }
            }
            return s;
        }

        /** As iterating {@code path("r")}, each element's {@code asText()}. */
        private static List<String> rooms(JsonParser p) throws IOException {
            return elements(p, JsonValues::text);
        }

        SessionEntry entry(UserId user) {
            Set<RoomId> joined = new HashSet<>();
            rooms.forEach(room -> joined.add(RoomId.of(room)));
            Session session = new Session(SessionId.of(id), user, NodeId.of(node), boot, device, connected);
            return new SessionEntry(session, joined);
        }
    }
}
