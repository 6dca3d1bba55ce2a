package dev.roster.adapters.javalin.limits;

/**
 * How much one client address and one WebSocket may take from a node.
 *
 * @param maxConnectionsPerAddress open WebSockets per client address; 0 turns the limit off
 * @param handshakesPerAddressPerS handshakes per client address per second; 0 turns the limit off
 * @param framesPerS               client frames per connection per second, refilled continuously; 0 turns it off
 * @param framesBurst              client frames a connection may send at once before the rate holds it back
 * @param maxTextBytes             UTF-8 bytes of a {@code say} text
 * @param maxQueuedBytes           bytes handed to the socket for one connection and not yet written; a client
 *                                 that lets more pile up is closed
 */
public record WebLimits(int maxConnectionsPerAddress, int handshakesPerAddressPerS, int framesPerS,
                        int framesBurst, int maxTextBytes, long maxQueuedBytes) {
    public static final int DEFAULT_FRAMES_PER_S = 100;
    public static final int DEFAULT_FRAMES_BURST = 200;
    public static final int DEFAULT_MAX_TEXT_BYTES = 4096;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 1_048_576;
    /** A {@code say} text cannot be longer than the largest frame the protocol answers normally. */
    public static final int MAX_TEXT_BYTES_CEILING = 65_536;
    /** Below this a single ordinary frame (a {@code joined} reply with a few members) would not fit. */
    public static final long MIN_QUEUED_BYTES = 4_096;

    /** The contract's defaults: per-address limits off, 100 frames/s with bursts of 200, 4096-byte texts, 1 MiB. */
    public static final WebLimits DEFAULTS = new WebLimits(0, 0, DEFAULT_FRAMES_PER_S, DEFAULT_FRAMES_BURST,
            DEFAULT_MAX_TEXT_BYTES, DEFAULT_MAX_QUEUED_BYTES);

    public WebLimits {
        atLeast("maxConnectionsPerAddress", maxConnectionsPerAddress, 0);
        atLeast("handshakesPerAddressPerS", handshakesPerAddressPerS, 0);
        atLeast("framesPerS", framesPerS, 0);
        atLeast("framesBurst", framesBurst, 1);
        atLeast("maxTextBytes", maxTextBytes, 1);
        if (maxTextBytes > MAX_TEXT_BYTES_CEILING) {
            throw new IllegalArgumentException("maxTextBytes must be at most " + MAX_TEXT_BYTES_CEILING
                    + " (the largest frame answered normally), got " + maxTextBytes);
        }
        if (maxQueuedBytes < MIN_QUEUED_BYTES) {
            throw new IllegalArgumentException("maxQueuedBytes must be at least " + MIN_QUEUED_BYTES + ", got "
                    + maxQueuedBytes);
        }
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }

    public WebLimits withConnectionsPerAddress(int max) {
        return new WebLimits(max, handshakesPerAddressPerS, framesPerS, framesBurst, maxTextBytes, maxQueuedBytes);
    }

    public WebLimits withHandshakesPerAddressPerS(int perS) {
        return new WebLimits(maxConnectionsPerAddress, perS, framesPerS, framesBurst, maxTextBytes, maxQueuedBytes);
    }

    public WebLimits withFrames(int perS, int burst) {
        return new WebLimits(maxConnectionsPerAddress, handshakesPerAddressPerS, perS, burst, maxTextBytes,
                maxQueuedBytes);
    }

    public WebLimits withMaxTextBytes(int max) {
        return new WebLimits(maxConnectionsPerAddress, handshakesPerAddressPerS, framesPerS, framesBurst, max,
                maxQueuedBytes);
    }

    public WebLimits withMaxQueuedBytes(long max) {
        return new WebLimits(maxConnectionsPerAddress, handshakesPerAddressPerS, framesPerS, framesBurst,
                maxTextBytes, max);
    }
}
