package dev.roster.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builders of client frames, so that tests read like the protocol: {@code send(join("lobby"))}. */
final class Frames {
    static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    static ObjectNode join(String room) {
        return frame("join").put("room", room);
    }

    static ObjectNode leave(String room) {
        return frame("leave").put("room", room);
    }

    static ObjectNode who(String room) {
        return frame("who").put("room", room);
    }

    static ObjectNode say(String room, String text) {
        return frame("say").put("room", room).put("text", text);
    }

    static ObjectNode status(String status) {
        return frame("status").put("status", status);
    }

    static ObjectNode status(String status, String text) {
        return status(status).put("text", text);
    }

    static ObjectNode ping() {
        return frame("ping");
    }
}
