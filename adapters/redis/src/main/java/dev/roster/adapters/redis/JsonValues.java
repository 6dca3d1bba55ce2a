package dev.roster.adapters.redis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import java.io.IOException;
import java.util.function.Function;

/**
 * Scalars read from a parser as {@code JsonNode} would read them had the tree been built: {@code asText()},
 * {@code asText(null)} after {@code hasNonNull}, {@code asLong()}, {@code asInt()}. Each consumes the current
 * value, containers included.
 */
final class JsonValues {
    private JsonValues() {
    }

    /** As {@code asText()}: a string as is, {@code "null"} for null, a number's text, {@code ""} for a container. */
    static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "";
        }
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NULL:
                return "null";
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NUMBER_INT:
                return p.getNumberValue().toString();
            case VALUE_NUMBER_FLOAT:
                return Double.toString(p.getDoubleValue());
            case START_OBJECT:
            case START_ARRAY:
                p.skipChildren();
                return "";
            default:
                return p.getText();
        }
    }

    /** As {@code hasNonNull(f) ? get(f).asText() : null}, or as {@code path(f).asText(null)} of a present field. */
    static String textOrNull(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : text(p);
    }

    /** As {@code asLong()}: 0 for null, containers and text that is not a number. */
    static long asLong(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return 0;
        }
        switch (t) {
            case VALUE_NUMBER_INT:
                return p.getNumberValue().longValue();
            case VALUE_NUMBER_FLOAT:
                return (long) p.getDoubleValue();
            case VALUE_STRING:
                return NumberInput.parseAsLong(p.getText(), 0);
            case VALUE_TRUE:
                return 1;
            case START_OBJECT:
            case START_ARRAY:
                p.skipChildren();
                return 0;
            default:
                return 0;
        }
    }

    /** As {@code asInt()}, for the small counts it reads. */
    static int asInt(JsonParser p) throws IOException {
        return (int) asLong(p);
    }

    /** {@code parse} of {@code text}, or null when there is no text. */
    static <T> T get(String text, Function<String, T> parse) {
        return text == null ? null : parse.apply(text);
    }

    /** What a codec throws for text that does not parse as JSON. */
    static IllegalArgumentException notJson(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new IllegalArgumentException("not JSON: " + message, e);
    }
}
