package dev.roster.adapters.javalin.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.application.port.in.EventDeliveryUseCase.DeliveryStatus;
import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.MemberPage;
import dev.roster.application.port.in.QueryPresenceUseCase.NodeView;
import dev.roster.application.port.in.QueryPresenceUseCase.OnlinePage;
import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.domain.DeadLetter;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The JSON bodies of the HTTP API, built with the shared mapper. All times are epoch milliseconds. */
public final class Views {
    private final ServerFrames json;

    public Views(ServerFrames json) {
        this.json = json;
    }

    String user(UserView view) {
        return new String(userBytes(view), StandardCharsets.UTF_8);
    }

    /**
     * The API's user, {@link #userNode}{@code (view, true)} as UTF-8, written field by field rather than built as a
     * tree first: the body of the API's most frequent answer.
     */
    byte[] userBytes(UserView view) {
        return written(out -> {
            out.writeStartObject();
            out.writeStringField("user", view.user().value());
            out.writeStringField("state", view.state().wire());
            out.writeStringField("status", view.status() == null ? null : view.status().wire());
            out.writeNumberField("sessions", view.sessions().size());
            millis(out, "lastSeen", view.lastSeen());
            out.writeArrayFieldStart("rooms");
            String[] rooms = view.rooms().stream().map(RoomId::value).sorted().toArray(String[]::new);
            for (String room : rooms) {
                out.writeString(room);
            }
            out.writeEndArray();
            out.writeStringField("statusText", view.statusText());
            millis(out, "since", view.since());
            out.writeArrayFieldStart("devices");
            for (Session s : view.sessions()) {
                out.writeStartObject();
                out.writeStringField("session", s.id().value());
                out.writeStringField("node", s.node().value());
                out.writeStringField("device", s.device());
                millis(out, "connectedAt", s.connectedAt());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        });
    }

    /** A user as the API and the dashboard show it; {@code devices} adds the open sessions one by one. */
    public ObjectNode userNode(UserView view, boolean devices) {
        ObjectNode body = object()
                .put("user", view.user().value())
                .put("state", view.state().wire());
        if (view.status() == null) {
            body.putNull("status");
        } else {
            body.put("status", view.status().wire());
        }
        body.put("sessions", view.sessions().size());
        ServerFrames.putMillis(body, "lastSeen", view.lastSeen());
        ArrayNode rooms = body.putArray("rooms");
        view.rooms().stream().map(RoomId::value).sorted().forEach(rooms::add);
        body.put("statusText", view.statusText());
        ServerFrames.putMillis(body, "since", view.since());
        if (devices) {
            ArrayNode list = body.putArray("devices");
            for (Session s : view.sessions()) {
                ObjectNode device = list.addObject()
                        .put("session", s.id().value())
                        .put("node", s.node().value())
                        .put("device", s.device());
                ServerFrames.putMillis(device, "connectedAt", s.connectedAt());
            }
        }
        return body;
    }

    String online(OnlinePage page) {
        return new String(onlineBytes(page), StandardCharsets.UTF_8);
    }

    /** A page of online users, {@code {"users":[...],"next"}}, as UTF-8, written without a tree. */
    byte[] onlineBytes(OnlinePage page) {
        return written(out -> {
            out.writeStartObject();
            out.writeArrayFieldStart("users");
            for (UserId user : page.users()) {
                out.writeString(user.value());
            }
            out.writeEndArray();
            out.writeStringField("next", page.next());
            out.writeEndObject();
        });
    }

    String count(long count) {
        return new String(countBytes(count), StandardCharsets.UTF_8);
    }

    byte[] countBytes(long count) {
        return written(out -> {
            out.writeStartObject();
            out.writeNumberField("count", count);
            out.writeEndObject();
        });
    }

    /** The error body of {@link #error} as UTF-8. */
    byte[] errorBytes(String code, String message) {
        return error(code, message).getBytes(StandardCharsets.UTF_8);
    }

    String closed(int closed) {
        return json.write(object().put("closed", closed));
    }

    String room(RoomId room, List<Member> members) {
        ObjectNode body = object().put("room", room.value());
        body.set("members", json.members(members));
        return json.write(body);
    }

    /** One page of a room's members, with the cursor of the next page ({@code next}, null on the last). */
    String room(RoomId room, MemberPage page) {
        ObjectNode body = object().put("room", room.value());
        body.set("members", json.members(page.members()));
        body.put("next", page.next());
        return json.write(body);
    }

    String nodes(List<NodeView> nodes) {
        ObjectNode body = object();
        ArrayNode array = body.putArray("nodes");
        for (NodeView n : nodes) {
            ObjectNode node = array.addObject()
                    .put("node", n.id().node().value())
                    .put("sessions", n.sessions());
            ServerFrames.putMillis(node, "heartbeatAt", n.heartbeatAt());
            node.put("boot", n.id().boot());
        }
        return json.write(body);
    }

    /**
     * The body of every refusal, HTTP API and WebSocket handshake alike, {@code {"error":{"code","message"}}}, but
     * for a 429 (see {@link #flatError}).
     */
    public String error(String code, String message) {
        ObjectNode body = object();
        body.putObject("error").put("code", code).put("message", message);
        return json.write(body);
    }

    /**
     * The body of a 429, flat as the contract has it: {@code {"error":"<code>","message"}}; every other refusal
     * keeps {@link #error}'s shape.
     */
    public String flatError(String code, String message) {
        return json.write(object().put("error", code).put("message", message));
    }

    /**
     * A page of the event log, {@code {"events":[...],"next"}}: {@code next} is the id of the last event of the
     * page, or {@code after} when the page is empty (null when that is null too), so that a reader always passes
     * {@code next} on as its next {@code after}.
     */
    String events(List<LoggedEvent> events, String after) {
        ObjectNode body = object();
        ArrayNode list = body.putArray("events");
        events.forEach(e -> list.add(event(e)));
        body.put("next", events.isEmpty() ? after : events.get(events.size() - 1).id());
        return json.write(body);
    }

    /** One event as integrations see it: {@link LoggedEvent#fields()}, in its order. */
    public ObjectNode event(LoggedEvent event) {
        return json.mapper().valueToTree(event.fields());
    }

    /** The webhook's delivery as operators see it; times in epoch milliseconds. */
    public ObjectNode delivery(boolean enabled, DeliveryStatus status) {
        ObjectNode body = object().put("enabled", enabled)
                .put("sink", status.sink())
                .put("holder", status.holder())
                .put("delivered", status.delivered())
                .put("deadLetters", status.deadLetters())
                .put("lastFailure", status.lastFailure());
        return ServerFrames.putMillis(body, "lastFailureAt", status.lastFailureAt());
    }

    /** Dead letters, newest first, each with its events, why it was given up on, its tries and when. */
    public ObjectNode deadLetters(List<DeadLetter> letters) {
        ObjectNode body = object();
        ArrayNode list = body.putArray("deadLetters");
        for (DeadLetter letter : letters) {
            ObjectNode item = list.addObject();
            ArrayNode events = item.putArray("events");
            letter.events().forEach(e -> events.add(event(e)));
            item.put("reason", letter.reason()).put("attempts", letter.attempts());
            ServerFrames.putMillis(item, "parkedAt", letter.parkedAt());
        }
        return body;
    }

    /**
     * The body of a 410 for a read after an id the log no longer keeps, flat as the contract has it:
     * {@code {"error":"gone","message","oldest"}}, {@code oldest} being where a reader can start again (null when
     * the log keeps nothing).
     */
    String gone(String message, String oldest) {
        return json.write(object().put("error", "gone").put("message", message).put("oldest", oldest));
    }

    /** Writes a body built with {@link #event} and the like. */
    String write(ObjectNode body) {
        return json.write(body);
    }

    String status(String status) {
        return json.write(object().put("status", status));
    }

    private interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    /** A body written by the shared mapper's own generator (its settings, as {@link ServerFrames#write}). */
    private byte[] written(Body body) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256)) {
            try (JsonGenerator out = json.mapper().createGenerator(bytes, JsonEncoding.UTF8)) {
                body.write(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            // plain values into memory always write; anything else is a bug worth surfacing
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link ServerFrames#putMillis}: epoch milliseconds, or null. */
    private static void millis(JsonGenerator out, String field, Instant at) throws IOException {
        if (at == null) {
            out.writeNullField(field);
        } else {
            out.writeNumberField(field, at.toEpochMilli());
        }
    }

    private ObjectNode object() {
        return json.mapper().createObjectNode();
    }
}
