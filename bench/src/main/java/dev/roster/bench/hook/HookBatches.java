package dev.roster.bench.hook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a webhook body, {@code {"events":[{"id","type","user","at",...}, ...]}}, in the order given. */
public final class HookBatches {
    private final ObjectMapper json;

    public HookBatches(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The batch's events in order; fails with {@link IllegalArgumentException} when the body is not JSON, has no
     * {@code events} array, or an event lacks a string {@code id}, {@code type} or {@code user} or a whole-number
     * {@code at}.
     */
    public List<HookEvent> parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not readable: " + e.getMessage(), e);
        }
        JsonNode events = root == null ? null : root.get("events");
        if (events == null || !events.isArray()) {
            throw new IllegalArgumentException("body has no \"events\" array");
        }
        List<HookEvent> batch = new ArrayList<>(events.size());
        for (JsonNode e : events) {
            JsonNode id = e.get("id");
            JsonNode type = e.get("type");
            JsonNode user = e.get("user");
            JsonNode at = e.get("at");
            if (id == null || !id.isTextual() || type == null || !type.isTextual() || user == null
                    || !user.isTextual() || at == null || !at.isIntegralNumber()) {
                throw new IllegalArgumentException("an event without a string id, type and user and a number at: "
                        + abbreviate(e.toString()));
            }
            JsonNode room = e.get("room");
            batch.add(new HookEvent(id.asText(), type.asText(), user.asText(), at.asLong(),
                    room != null && room.isTextual() ? room.asText() : null));
        }
        return batch;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
