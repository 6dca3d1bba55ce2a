package dev.roster.adapters.javalin.ws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Finds the {@code id} of a frame that is answered without being handled (too large, over the rate limit), so
 * that the answer can carry {@code re}: a streaming read of the top-level fields up to the id, which builds nothing
 * of what it skips (a long text is stepped over, not kept) and stops at the id. A frame that is not a JSON object
 * up to its id, or whose id is neither a string nor a number, has none.
 */
final class FrameIds {
    /** As far as the id of a frame refused unread is looked for: the size of the largest frame answered normally. */
    static final int LOOK_AT_MOST = FrameDecoder.MAX_FRAME_BYTES;

    private FrameIds() {
    }

    /** The id of a frame already read as text (a too large one: at most the largest message a socket takes). */
    static JsonNode peek(ObjectMapper mapper, String text) {
        try (JsonParser parser = mapper.createParser(text)) {
            return peek(mapper, parser);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The id of a frame refused unread, from its first {@link #LOOK_AT_MOST} bytes (a longer one would be too
     * large anyway); reads from the payload's position without moving it.
     */
    static JsonNode peek(ObjectMapper mapper, ByteBuffer utf8) {
        ByteBuffer view = utf8.duplicate();
        byte[] head = new byte[Math.min(view.remaining(), LOOK_AT_MOST)];
        view.get(head);
        try (JsonParser parser = mapper.createParser(head)) {
            return peek(mapper, parser);
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode peek(ObjectMapper mapper, JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("id".equals(name)) {
                // the value alone, as the decoder would have read it; what follows it is not read at all
                ObjectReader reader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
                return value == JsonToken.VALUE_STRING || value.isNumeric() ? reader.readTree(parser) : null;
            }
            parser.skipChildren();
        }
        return null;
    }
}
