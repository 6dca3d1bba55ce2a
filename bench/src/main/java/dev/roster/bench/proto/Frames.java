package dev.roster.bench.proto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads server frames and writes client frames of the contract (CONTRACT.md, "WebSocket"). */
public final class Frames {
    private final ObjectMapper json;

    public Frames(ObjectMapper json) {
        this.json = json;
    }

    /** Parses one server frame; anything but a JSON object with a string {@code type} is refused. */
    public Frame parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FrameFormatException("not JSON: " + abbreviate(text), e);
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw new FrameFormatException("not a frame object with a type: " + abbreviate(text), null);
        }
        JsonNode members = node.get("members");
        return new Frame(node.get("type").asText(), text(node, "re"), text(node, "room"), text(node, "user"),
                text(node, "state"), text(node, "from"), text(node, "text"), text(node, "session"),
                text(node, "node"), text(node, "code"), node.path("at").asLong(0),
                members != null && members.isArray() ? members.size() : -1);
    }

    public String join(String room, String id) {
        return write(frame("join", id).put("room", room));
    }

    public String leave(String room, String id) {
        return write(frame("leave", id).put("room", room));
    }

    public String say(String room, String text) {
        return write(frame("say", null).put("room", room).put("text", text));
    }

    public String ping(String id) {
        return write(frame("ping", id));
    }

    private ObjectNode frame(String type, String id) {
        ObjectNode frame = json.createObjectNode().put("type", type);
        if (id != null) {
            frame.put("id", id);
        }
        return frame;
    }

    private String write(ObjectNode frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
