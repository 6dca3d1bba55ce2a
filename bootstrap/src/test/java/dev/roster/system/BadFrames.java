package dev.roster.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * A seeded generator of frames the server must refuse, each with the error code the protocol gives it. Frames that
 * cannot carry a usable id (not an object, not parseable, an id of the wrong type) expect no {@code re}.
 */
final class BadFrames {
    /** One refused frame: what to send, the code expected, and the id the error must echo (null for none). */
    record Bad(String text, byte[] binary, String code, JsonNode re) {
    }

    private static final String TOO_LARGE_TEXT = "x".repeat(70_000);
    private static final List<String> NOT_JSON = List.of("hello", "{", "}", "{\"type\":", "{'type':'ping'}", "nul",
            "{\"type\":\"ping\",}", "\u0000", "ping", "<xml/>", "{\"type\" \"ping\"}");
    private static final List<String> NOT_OBJECTS = List.of("[]", "[{\"type\":\"ping\",\"id\":1}]", "42", "-1.5",
            "\"ping\"", "null", "true", "false", "[1,2,3]");
    private static final List<JsonNode> WRONG_TYPED = List.of(IntNode.valueOf(5), Frames.JSON.createArrayNode(),
            Frames.JSON.createObjectNode(), BooleanNode.TRUE);
    private static final List<String> BAD_IDS = List.of("", "has space", "a/b", "semi;colon", "\u00fcml\u00e4ut",
            "x".repeat(65), "new\nline", "tab\there", "quote\"d");

    private final Random random;
    private final List<BiFunction<Random, Long, Bad>> kinds = List.of(
            BadFrames::notJson, BadFrames::notAnObject, BadFrames::trailingJunk, BadFrames::duplicateKey,
            BadFrames::unknownType, BadFrames::missingField, BadFrames::wrongTypedField, BadFrames::badRoomId,
            BadFrames::badStatus, BadFrames::badText, BadFrames::badFrameId, BadFrames::binary);

    BadFrames(Random random) {
        this.random = random;
    }

    /** A refused frame of a random kind; {@code id} is used where the frame carries one. */
    Bad next(long id) {
        // one frame in a hundred is oversized, enough to cover the case without moving megabytes
        if (random.nextInt(100) == 0) {
            return tooLarge(random, id);
        }
        return kinds.get(random.nextInt(kinds.size())).apply(random, id);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static JsonNode idNode(Random random, long id) {
        return random.nextBoolean() ? Frames.JSON.getNodeFactory().numberNode(id) : TextNode.valueOf("id-" + id);
    }

    private static Bad refused(ObjectNode frame, String code, JsonNode re) {
        return new Bad(frame.toString(), null, code, re);
    }

    private static Bad notJson(Random random, long id) {
        return new Bad(pick(random, NOT_JSON), null, "bad_json", null);
    }

    private static Bad notAnObject(Random random, long id) {
        return new Bad(pick(random, NOT_OBJECTS), null, "bad_json", null);
    }

    private static Bad trailingJunk(Random random, long id) {
        String junk = pick(random, List.of(" x", "{}", "]", " {\"type\":\"ping\"}", ",1"));
        return new Bad("{\"type\":\"ping\",\"id\":" + id + "}" + junk, null, "bad_json", null);
    }

    private static Bad duplicateKey(Random random, long id) {
        return new Bad("{\"type\":\"join\",\"room\":\"r1\",\"room\":\"r2\",\"id\":" + id + "}", null, "bad_json", null);
    }

    private static Bad unknownType(Random random, long id) {
        JsonNode re = idNode(random, id);
        String type = pick(random, List.of("dance", "JOIN", "Ping", "", "welcome", "presence", "joined", "error"));
        return refused(Frames.frame(type).set("id", re), "unknown_type", re);
    }

    private static Bad missingField(Random random, long id) {
        JsonNode re = idNode(random, id);
        ObjectNode frame = switch (random.nextInt(6)) {
            case 0 -> Frames.frame("join");
            case 1 -> Frames.frame("leave");
            case 2 -> Frames.frame("who");
            case 3 -> Frames.frame("say").put("text", "no room");
            case 4 -> Frames.frame("say").put("room", "r1");
            default -> Frames.frame("status").put("text", "no status");
        };
        return refused(frame.set("id", re), "bad_field", re);
    }

    private static Bad wrongTypedField(Random random, long id) {
        JsonNode re = idNode(random, id);
        JsonNode wrong = pick(random, WRONG_TYPED);
        ObjectNode frame = switch (random.nextInt(5)) {
            case 0 -> Frames.frame("join").set("room", wrong);
            case 1 -> Frames.frame("who").set("room", wrong);
            case 2 -> Frames.frame("say").put("room", "r1").set("text", wrong);
            case 3 -> Frames.frame("status").set("status", wrong);
            default -> Frames.frame("status").put("status", "away").set("text", wrong);
        };
        return refused(frame.set("id", re), "bad_field", re);
    }

    private static Bad badRoomId(Random random, long id) {
        JsonNode re = idNode(random, id);
        String type = pick(random, List.of("join", "leave", "who"));
        return refused(Frames.frame(type).put("room", pick(random, BAD_IDS)).set("id", re), "bad_field", re);
    }

    private static Bad badStatus(Random random, long id) {
        JsonNode re = idNode(random, id);
        String status = pick(random, List.of("offline", "ONLINE", "sleeping", "", " away"));
        return refused(Frames.status(status).set("id", re), "bad_field", re);
    }

    private static Bad badText(Random random, long id) {
        JsonNode re = idNode(random, id);
        ObjectNode frame = random.nextBoolean()
                ? Frames.status("busy", "t".repeat(257))
                : Frames.status("away", "control\u0007char");
        return refused(frame.set("id", re), "bad_field", re);
    }

    private static Bad badFrameId(Random random, long id) {
        JsonNode wrong = pick(random, List.of(Frames.JSON.createObjectNode().put("n", id),
                Frames.JSON.createArrayNode().add(id), BooleanNode.FALSE,
                Frames.JSON.getNodeFactory().nullNode()));
        return new Bad(Frames.ping().set("id", wrong).toString(), null, "bad_field", null);
    }

    private static Bad binary(Random random, long id) {
        byte[] bytes = Frames.ping().put("id", id).toString().getBytes(StandardCharsets.UTF_8);
        return new Bad(null, bytes, "bad_json", null);
    }

    private static Bad tooLarge(Random random, long id) {
        if (random.nextBoolean()) {
            JsonNode re = Frames.JSON.getNodeFactory().numberNode(id);
            return refused(Frames.say("r1", TOO_LARGE_TEXT).set("id", re), "too_large", re);
        }
        return new Bad(TOO_LARGE_TEXT, null, "too_large", null);
    }
}
