package dev.roster.adapters.javalin.http;

/**
 * A request refused with an explicit status and a JSON body {@code {"error":{"code","message"}}}: thrown by
 * handlers, filters and the WebSocket handshake, answered by one exception handler. A 429 (too many requests, see
 * {@link #tooMany}) is the exception: its body is flat, {@code {"error":"<code>","message"}}, as the contract has
 * it, and it says with {@code Retry-After} when to try again.
 */
public final class ApiException extends RuntimeException {
    public static final int TOO_MANY_REQUESTS = 429;
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    private ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A 429 for a limit the client reached, which it may try again after {@code retryAfterSeconds} (at least 1). */
    public static ApiException tooMany(String code, String message, long retryAfterSeconds) {
        return new ApiException(TOO_MANY_REQUESTS, code, message, Math.max(1, retryAfterSeconds));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for the {@code Retry-After} header; 0 when the answer has none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Whether the body is the flat {@code {"error":"<code>","message"}} of a 429. */
    public boolean flat() {
        return status == TOO_MANY_REQUESTS;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }
}
