package dev.roster.adapters.javalin.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.application.port.in.SayUseCase.SayCommand;
import dev.roster.application.port.in.WhoUseCase.WhoCommand;
import dev.roster.domain.DomainException;
import dev.roster.domain.RoomId;
import dev.roster.domain.Status;
import dev.roster.domain.StatusText;

/**
 * Turns the text of one client frame into a {@link ClientFrame} or the {@link FrameError} to answer it with.
 * Pure: no I/O, no state, safe from any thread.
 */
public final class FrameDecoder {
    /** The largest text frame answered normally, in UTF-8 bytes (64 KiB). */
    public static final int MAX_FRAME_BYTES = 65_536;

    private final ObjectMapper mapper;
    private final int maxTextBytes;

    /** A decoder that takes {@code say} texts of up to {@link SayCommand#MAX_TEXT_LENGTH} characters. */
    public FrameDecoder(ObjectMapper mapper) {
        this(mapper, Integer.MAX_VALUE);
    }

    /** A decoder that answers a {@code say} text of more than {@code maxTextBytes} UTF-8 bytes with too_large. */
    public FrameDecoder(ObjectMapper mapper, int maxTextBytes) {
        this.mapper = mapper;
        this.maxTextBytes = maxTextBytes;
    }

    public Decoded decode(String text) {
        // before any parsing: a large frame costs no more than finding its id
        if (tooLarge(text)) {
            return invalid(FrameError.TOO_LARGE, "frame is larger than " + MAX_FRAME_BYTES + " bytes",
                    FrameIds.peek(mapper, text));
        }
        JsonNode root = parse(text);
        if (root == null || !root.isObject()) {
            return invalid(FrameError.BAD_JSON, "a frame must be one JSON object", null);
        }
        JsonNode id = root.get("id");
        if (id != null && usableId(root) == null) {
            return invalid(FrameError.BAD_FIELD, "id must be a string or a number", null);
        }
        try {
            return new Decoded.Valid(frame(root), id);
        } catch (BadFrame bad) {
            return invalid(bad.code, bad.getMessage(), id);
        } catch (DomainException e) {
            return invalid(FrameError.BAD_FIELD, e.getMessage(), id);
        }
    }

    private ClientFrame frame(JsonNode root) {
        JsonNode type = root.get("type");
        if (type == null || type.isNull()) {
            throw new BadFrame(FrameError.BAD_FIELD, "type is missing");
        }
        if (!type.isTextual()) {
            throw new BadFrame(FrameError.BAD_FIELD, "type must be a string");
        }
        return switch (type.textValue()) {
            case "join" -> new ClientFrame.Join(room(root));
            case "leave" -> new ClientFrame.Leave(room(root));
            case "who" -> new ClientFrame.Who(room(root), whoLimit(root), optionalString(root, "cursor"));
            case "say" -> new ClientFrame.Say(room(root), sayText(root, maxTextBytes));
            case "status" -> new ClientFrame.SetStatus(Status.parse(string(root, "status")),
                    StatusText.check(optionalString(root, "text")));
            case "ping" -> new ClientFrame.Ping();
            default -> throw new BadFrame(FrameError.UNKNOWN_TYPE, "unknown type: " + shorten(type.textValue()));
        };
    }

    private static RoomId room(JsonNode root) {
        return RoomId.of(string(root, "room"));
    }

    private static String sayText(JsonNode root, int maxTextBytes) {
        String text = string(root, "text");
        if (text.length() > maxTextBytes / 3 && utf8Length(text) > maxTextBytes) {
            throw new BadFrame(FrameError.TOO_LARGE, "text is larger than " + maxTextBytes + " bytes of UTF-8");
        }
        if (text.isEmpty() || text.length() > SayCommand.MAX_TEXT_LENGTH) {
            throw new BadFrame(FrameError.BAD_FIELD, "text must be 1 to " + SayCommand.MAX_TEXT_LENGTH
                    + " characters");
        }
        return text;
    }

    /** The optional page size of a {@code who}: a whole number from 1 to the most a page holds. */
    private static int whoLimit(JsonNode root) {
        JsonNode value = root.get("limit");
        if (value == null || value.isNull()) {
            return WhoCommand.DEFAULT_LIMIT;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()
                || value.intValue() < 1 || value.intValue() > WhoCommand.MAX_LIMIT) {
            throw new BadFrame(FrameError.BAD_FIELD, "limit must be a whole number from 1 to " + WhoCommand.MAX_LIMIT);
        }
        return value.intValue();
    }

    private static String string(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new BadFrame(FrameError.BAD_FIELD, field + " is missing");
        }
        if (!value.isTextual()) {
            throw new BadFrame(FrameError.BAD_FIELD, field + " must be a string");
        }
        return value.textValue();
    }

    private static String optionalString(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : string(root, field);
    }

    private JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The frame's id when it is one a reply can carry: a string or a number. */
    private static JsonNode usableId(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode id = root.get("id");
        return id != null && (id.isTextual() || id.isNumber()) ? id : null;
    }

    private static Decoded invalid(String code, String message, JsonNode re) {
        return new Decoded.Invalid(new FrameError(code, message, re));
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    /** Over the limit in UTF-8 bytes; counts them only when the length in characters cannot tell. */
    static boolean tooLarge(String text) {
        int length = text.length();
        if (length > MAX_FRAME_BYTES) {
            return true;
        }
        return length * 3L > MAX_FRAME_BYTES && utf8Length(text) > MAX_FRAME_BYTES;
    }

    /** UTF-8 length without allocating: a char is 1 to 3 bytes, a surrogate pair 4. */
    static int utf8Length(String text) {
        int length = text.length();
        int bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A check of the wire format failed; carries the code to answer with. */
    private static final class BadFrame extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        BadFrame(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
