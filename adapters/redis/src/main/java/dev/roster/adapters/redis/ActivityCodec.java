package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.roster.domain.Activity;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Activity lines as JSON on the feed's channel, one kind's fields in one flat object.
 *
 * <p>Lines are written and read as token streams, not trees (every node decodes every batch). The format
 * is the one the tree-based code wrote, byte for byte: fields in the same order, {@code text} and {@code device}
 * always present ({@code null} when absent), the other absent fields left out. Reading accepts what the tree-based
 * code accepted: a batch or a single line, fields in any order, unknown fields skipped, {@code null} as absent. A
 * line of a kind this node does not know (a newer node's) is skipped.
 */
final class ActivityCodec {
    private final JsonFactory factory = new JsonFactory();

    /** A batch of activity lines as one JSON array. */
    String activities(List<Activity> batch) {
        StringWriter out = new StringWriter(64 + 160 * batch.size());
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartArray();
            for (Activity a : batch) {
                write(g, a);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A batch, or a single line as nodes before batching sent it. */
    List<Activity> activities(String text) {
        try (JsonParser p = factory.createParser(text)) {
            Lines lines = new Lines();
            if (p.nextToken() == JsonToken.START_ARRAY) {
                List<Activity> batch = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    Activity line = activity(p, lines);
                    if (line != null) {
                        batch.add(line);
                    }
                }
                lines.rethrow();
                return batch;
            }
            Activity single = activity(p, lines);
            lines.rethrow();
            return single == null ? List.of() : List.of(single);
        } catch (IOException e) {
            throw JsonValues.notJson(e);
        }
    }

    String activity(Activity a) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(g, a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Activity activity) throws IOException {
        Line a = Line.of(activity);
        g.writeStartObject();
        g.writeStringField("kind", a.kind());
        if (a.user() != null) {
            g.writeStringField("user", a.user().value());
        }
        if (a.room() != null) {
            g.writeStringField("room", a.room().value());
        }
        if (a.state() != null) {
            g.writeStringField("state", a.state().wire());
        }
        g.writeStringField("text", a.text());
        if (a.session() != null) {
            g.writeStringField("session", a.session().value());
        }
        if (a.node() != null) {
            g.writeStringField("node", a.node().value());
        }
        g.writeStringField("device", a.device());
        if (a.sessions() != null) {
            g.writeNumberField("sessions", a.sessions().intValue());
        }
        if (a.at() != null) {
            g.writeNumberField("at", Instants.toNanos(a.at()));
        }
        g.writeEndObject();
    }

    /** One line; null when its kind is not one this node knows. */
    Activity activity(String text) {
        try (JsonParser p = factory.createParser(text)) {
            Lines lines = new Lines();
            p.nextToken();
            Activity a = activity(p, lines);
            lines.rethrow();
            return a;
        } catch (IOException e) {
            throw JsonValues.notJson(e);
        }
    }

    /**
     * The line whose first token is current (null at the end of input, which reads as an empty line, as the tree
     * code read a missing node); anything but an object reads as a line with no fields. Values are converted once
     * the line is read; a conversion's failure waits in {@code lines} until the whole text has parsed, so that
     * malformed JSON is reported first, as when the whole tree was read before converting.
     */
    private static Activity activity(JsonParser p, Lines lines) throws IOException {
        String kind = "";
        String user = null;
        String room = null;
        String state = null;
        String text = null;
        String session = null;
        String node = null;
        String device = null;
        JsonToken sessions = null;
        int sessionsValue = 0;
        JsonToken at = null;
        long atValue = 0;
        if (p.currentToken() == JsonToken.START_OBJECT) {
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "kind" -> kind = JsonValues.text(p);
                    case "user" -> user = JsonValues.textOrNull(p);
                    case "room" -> room = JsonValues.textOrNull(p);
                    case "state" -> state = JsonValues.textOrNull(p);
                    case "text" -> text = JsonValues.textOrNull(p);
                    case "session" -> session = JsonValues.textOrNull(p);
                    case "node" -> node = JsonValues.textOrNull(p);
                    case "device" -> device = JsonValues.textOrNull(p);
                    case "sessions" -> {
                        sessions = p.currentToken();
                        sessionsValue = JsonValues.asInt(p);
                    }
                    case "at" -> {
                        at = p.currentToken();
                        atValue = JsonValues.asLong(p);
                    }
                    default -> p.skipChildren();
                }
            }
        } else if (p.currentToken() != null) {
            p.skipChildren();
        }
        if (lines.failure != null) {
            return null;
        }
        try {
            return new Line(kind, JsonValues.get(user, UserId::of), JsonValues.get(room, RoomId::of),
                    JsonValues.get(state, s -> PresenceState.valueOf(s.toUpperCase(Locale.ROOT))), text,
                    JsonValues.get(session, SessionId::of), JsonValues.get(node, NodeId::of), device,
                    sessions == null || sessions == JsonToken.VALUE_NULL ? null : sessionsValue,
                    at == null || at == JsonToken.VALUE_NULL ? null : Instants.ofNanos(atValue)).activity();
        } catch (RuntimeException e) {
            lines.failure = e;
            return null;
        }
    }

    /**
     * An activity as its JSON line has it: every kind's fields in one flat object, those that do not apply to the
     * kind null. A node removal keeps its users count in {@code text}, as nodes before the typed lines wrote it.
     */
    private record Line(String kind, UserId user, RoomId room, PresenceState state, String text, SessionId session,
                        NodeId node, String device, Integer sessions, Instant at) {

        static Line of(Activity activity) {
            String kind = activity.kind();
            Instant at = activity.at();
            if (activity instanceof Activity.CameOnline a) {
                return new Line(kind, a.user(), null, a.state(), null, null, null, null, null, at);
            } else if (activity instanceof Activity.WentOffline a) {
                return new Line(kind, a.user(), null, PresenceState.OFFLINE, null, null, null, null, 0, at);
            } else if (activity instanceof Activity.StatusChanged a) {
                return new Line(kind, a.user(), null, a.state(), a.text(), a.by(), null, null, null, at);
            } else if (activity instanceof Activity.JoinedRoom a) {
                return new Line(kind, a.user(), a.room(), a.state(), null, a.by(), null, null, null, at);
            } else if (activity instanceof Activity.LeftRoom a) {
                return new Line(kind, a.user(), a.room(), PresenceState.OFFLINE, null, a.by(), null, null, null, at);
            } else if (activity instanceof Activity.SessionOpened a) {
                return new Line(kind, a.user(), null, null, null, a.session(), a.node(), a.device(), a.sessions(), at);
            } else if (activity instanceof Activity.SessionClosed a) {
                return new Line(kind, a.user(), null, null, null, a.session(), a.node(), a.device(), a.sessions(), at);
            } else if (activity instanceof Activity.DisconnectedByAdmin a) {
                return new Line(kind, a.user(), null, null, null, a.session(), a.node(), a.device(), null, at);
            }
            Activity.NodeRemoved a = (Activity.NodeRemoved) activity;
            return new Line(kind, null, null, null, Integer.toString(a.users()), null, a.node(), null, a.sessions(),
                    at);
        }

        /** The activity of this line; null for a kind this node does not know, which a newer node may send. */
        Activity activity() {
            return switch (kind) {
                case "came_online" -> new Activity.CameOnline(user, state, at);
                case "went_offline" -> new Activity.WentOffline(user, at);
                case "status_changed" -> new Activity.StatusChanged(user, state, text, session, at);
                case "joined_room" -> new Activity.JoinedRoom(user, room, state, session, at);
                case "left_room" -> new Activity.LeftRoom(user, room, session, at);
                case "session_opened" -> new Activity.SessionOpened(user, session, node, device, count(sessions), at);
                case "session_closed" -> new Activity.SessionClosed(user, session, node, device, count(sessions), at);
                case "disconnected_by_admin" -> new Activity.DisconnectedByAdmin(user, session, node, device, at);
                case "node_removed" -> new Activity.NodeRemoved(node, text == null ? 0 : Integer.parseInt(text),
                        count(sessions), at);
                default -> null;
            };
        }

        private static int count(Integer n) {
            return n == null ? 0 : n;
        }
    }

    /** The first line that could not be converted, if any. */
    private static final class Lines {
        RuntimeException failure;

        void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
