package dev.roster.adapters.javalin.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.MemberPage;
import dev.roster.application.port.in.RoomListing;
import dev.roster.application.port.out.ClientEvent;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.RoomId;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Encodes the frames the server sends, each to one String that can go to any number of sockets unchanged.
 * {@code re} is the {@code id} of the client frame answered, echoed as it came, or null when it had none.
 */
public final class ServerFrames {
    private final ObjectMapper mapper;

    public ServerFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String welcome(String user, String session, String node) {
        ObjectNode frame = frame("welcome");
        frame.put("user", user).put("session", session).put("node", node);
        return write(frame);
    }

    /** The reply to a join; in a large room with the room's {@code count}, its member list possibly partial. */
    public String joined(RoomId room, RoomListing listing, JsonNode re) {
        ObjectNode frame = frame("joined").put("room", room.value());
        frame.set("members", members(listing.members()));
        if (listing.large()) {
            frame.put("count", listing.count());
        }
        return write(withRe(frame, re));
    }

    /** The reply to a {@code who}: one page of the room's members and the cursor of the next, null on the last. */
    public String members(RoomId room, MemberPage page, JsonNode re) {
        ObjectNode frame = frame("members").put("room", room.value());
        frame.set("members", members(page.members()));
        frame.put("next", page.next());
        return write(withRe(frame, re));
    }

    public String left(RoomId room, JsonNode re) {
        return write(withRe(frame("left").put("room", room.value()), re));
    }

    public String ok(JsonNode re) {
        return write(withRe(frame("ok"), re));
    }

    public String pong(JsonNode re) {
        return write(withRe(frame("pong"), re));
    }

    public String error(String code, String message, JsonNode re) {
        return write(withRe(frame("error").put("code", code).put("message", message), re));
    }

    /** A room event as the frame every local member receives: {@code presence}, {@code crowd} or {@code message}. */
    public String event(ClientEvent event) {
        if (event instanceof RoomEvent.PresenceNotice notice) {
            ObjectNode frame = frame("presence")
                    .put("room", notice.room().value())
                    .put("user", notice.user().value())
                    .put("state", notice.state().wire())
                    .put("at", notice.at().toEpochMilli());
            if (notice.text() != null) {
                frame.put("text", notice.text());
            }
            if (notice.sessions() != null) {
                frame.put("sessions", notice.sessions().intValue());
            }
            return write(frame);
        }
        if (event instanceof ClientEvent.Crowd crowd) {
            return write(frame("crowd")
                    .put("room", crowd.room().value())
                    .put("members", crowd.members())
                    .put("changed", crowd.changed())
                    .put("left", crowd.left())
                    .put("at", crowd.at().toEpochMilli()));
        }
        RoomEvent.ChatMessage message = (RoomEvent.ChatMessage) event;
        return write(frame("message")
                .put("room", message.room().value())
                .put("from", message.from().value())
                .put("text", message.text())
                .put("at", message.at().toEpochMilli()));
    }

    /** The wire type of the frame {@link #event} makes of this event. */
    public static String eventType(ClientEvent event) {
        if (event instanceof RoomEvent.PresenceNotice) {
            return "presence";
        }
        return event instanceof ClientEvent.Crowd ? "crowd" : "message";
    }

    public ArrayNode members(List<Member> members) {
        ArrayNode array = mapper.createArrayNode();
        for (Member m : members) {
            ObjectNode member = array.addObject()
                    .put("user", m.user().value())
                    .put("state", m.state().wire());
            putMillis(member, "since", m.since());
            member.put("sessions", m.sessions());
            if (m.text() != null) {
                member.put("text", m.text());
            }
        }
        return array;
    }

    /** Puts an instant as epoch milliseconds, or null. */
    public static ObjectNode putMillis(ObjectNode node, String field, Instant at) {
        if (at == null) {
            node.putNull(field);
        } else {
            node.put(field, at.toEpochMilli());
        }
        return node;
    }

    public String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // a tree of plain values always serialises; anything else is a bug worth surfacing
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode frame(String type) {
        return mapper.createObjectNode().put("type", type);
    }

    private static ObjectNode withRe(ObjectNode frame, JsonNode re) {
        if (re != null) {
            frame.set("re", re);
        }
        return frame;
    }
}
