package dev.roster.bench.proto;

/** A server frame that is not the JSON object the protocol describes. */
public class FrameFormatException extends RuntimeException {
    public FrameFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
