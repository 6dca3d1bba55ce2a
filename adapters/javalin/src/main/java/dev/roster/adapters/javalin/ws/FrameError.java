package dev.roster.adapters.javalin.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An {@code error} frame to send: {@code code} is one of the wire codes ({@code bad_json}, {@code unknown_type},
 * {@code bad_field}, {@code too_large}, {@code rate_limited}, {@code not_member}, {@code no_session},
 * {@code unavailable}, {@code internal}, and the other codes of the application's rejections), {@code re} the id
 * of the frame it answers (null when it had no usable one).
 */
public record FrameError(String code, String message, JsonNode re) {
    public static final String BAD_JSON = "bad_json";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String BAD_FIELD = "bad_field";
    public static final String TOO_LARGE = "too_large";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String UNAVAILABLE = "unavailable";
    public static final String INTERNAL = "internal";

    public FrameError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
