package dev.roster.bench.proto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Reads server frames and writes client frames of the protocol (docs/PROTOCOL.md). */
public final class Frames {
    private final ObjectMapper json;

    public Frames(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Parses one server frame; anything but a JSON object with a string {@code type} is refused. Read as a token
     * stream, never as a tree: the generator reads every frame of every connection, and a {@code joined} reply of a
     * large room only needs its members counted.
     */
    public Frame parse(String text) {
        try (JsonParser p = json.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new FrameFormatException("not a frame object with a type: " + abbreviate(text), null);
            }
            Map<String, String> fields = new HashMap<>(8);
            String type = null;
            long at = 0;
            int members = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "at" -> at = value.isNumeric() ? p.getValueAsLong(0) : 0;
                    case "members" -> members = value == JsonToken.START_ARRAY ? count(p) : skip(p, -1);
                    default -> fields.put(name, scalar(p, value));
                }
            }
            if (type == null) {
                throw new FrameFormatException("not a frame object with a type: " + abbreviate(text), null);
            }
            return new Frame(type, fields.get("re"), fields.get("room"), fields.get("user"), fields.get("state"),
                    fields.get("from"), fields.get("text"), fields.get("session"), fields.get("node"),
                    fields.get("code"), at, members);
        } catch (IOException e) {
            throw new FrameFormatException("not JSON: " + abbreviate(text), e);
        }
    }

    private static int count(JsonParser p) throws IOException {
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            count++;
        }
        return count;
    }

    private static int skip(JsonParser p, int answer) throws IOException {
        p.skipChildren();
        return answer;
    }

    /** A field's text as a tree would give it: null for JSON null, "" for an object or array. */
    private static String scalar(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isStructStart()) {
            p.skipChildren();
            return "";
        }
        return p.getText();
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

    public String status(String status, String id) {
        return write(frame("status", id).put("status", status));
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

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
