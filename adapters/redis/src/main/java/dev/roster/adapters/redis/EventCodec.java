package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.domain.LoggedEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A log entry as the stream keeps it: its {@link LoggedEvent#fields()} (without an id; the stream gives it one) as
 * one JSON object, encoded once before the commit so that the script only appends text.
 */
final class EventCodec {
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };
    private final ObjectMapper json = new ObjectMapper();

    String encode(LoggedEvent event) {
        try {
            return json.writeValueAsString(event.fields());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an event's fields are plain values, got " + event, e);
        }
    }

    /** The entry kept as {@code text}, under the log's id {@code id}. */
    LoggedEvent decode(String id, String text) {
        Map<String, Object> fields;
        try {
            fields = json.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw JsonValues.notJson(e);
        }
        fields.remove("id");
        return LoggedEvent.fromFields(fields).withId(id);
    }
}
