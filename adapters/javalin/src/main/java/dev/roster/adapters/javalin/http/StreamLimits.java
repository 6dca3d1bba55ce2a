package dev.roster.adapters.javalin.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@code /api/events/stream} streams of one node may take.
 *
 * @param maxStreams     how many streams one node serves at once; one more is refused with 429
 *                       {@code too_many_streams}
 * @param maxQueuedBytes bytes queued for one stream and not yet written; a stream that would go over it does not
 *                       read what it is sent and is closed (it reconnects with its Last-Event-ID). A stream reads
 *                       the log only once what it was sent has been written, so this bounds the keep-alives and
 *                       the like behind one read's events, which go out whatever their size
 * @param keepAlive      how often a stream is sent a {@code : keep-alive} comment, so that proxies and clients
 *                       see it alive while the log is quiet; a stream that has had events waiting and taken none of
 *                       them for {@link #STALLED_KEEP_ALIVES} of these is closed too
 */
public record StreamLimits(int maxStreams, long maxQueuedBytes, Duration keepAlive) {
    public static final int DEFAULT_MAX_STREAMS = 256;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 1_048_576;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    /** Keep-alives in a row that a stream with events waiting takes none of them before it is closed. */
    public static final int STALLED_KEEP_ALIVES = 4;
    public static final StreamLimits DEFAULTS = new StreamLimits(DEFAULT_MAX_STREAMS, DEFAULT_MAX_QUEUED_BYTES,
            DEFAULT_KEEP_ALIVE);

    public StreamLimits {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive, got " + maxStreams);
        }
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive, got " + maxQueuedBytes);
        }
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("keepAlive must be positive");
        }
    }
}
