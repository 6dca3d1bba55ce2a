package dev.roster.adapters.javalin.limits;

import java.time.Duration;

/**
 * How many frames one connection may send: {@code framesPerS} on average, {@code framesBurst} at once. A frame
 * over the budget is refused; the refusals are answered sparingly (the first of a spell, then at most one every
 * {@link #ANSWER_EVERY}), so that a flood is not echoed back as a flood of errors. A spell of refusals ends once
 * none came for {@link #QUIET}; a spell still going {@link #SUSTAINED} after it began is abuse, and the connection
 * is to be closed. One budget per socket; not thread-safe, as the socket reports one frame at a time.
 */
public final class FrameBudget {
    /** Within a spell, at most one refused frame in this long is answered. */
    public static final Duration ANSWER_EVERY = Duration.ofMillis(100);
    /** A connection that stays this long without a refused frame is no longer over its limit. */
    public static final Duration QUIET = Duration.ofSeconds(1);
    /** A spell of refusals that lasts this long closes the connection. */
    public static final Duration SUSTAINED = Duration.ofSeconds(5);

    /** What to do with a frame. */
    public enum Verdict {
        /** Within the budget: handle it. */
        ADMIT,
        /** Over the budget: drop it, count it, answer nothing. */
        DROP,
        /** Over the budget: drop it and answer {@code rate_limited}. */
        ANSWER,
        /** Over the budget for too long: drop it and close the connection (once). */
        CLOSE
    }

    private static final FrameBudget UNLIMITED = new FrameBudget(null);

    private final Rate rate;
    private boolean inSpell;
    private long spellSince;
    private long lastRefusal;
    private long lastAnswer;
    private boolean closed;

    private FrameBudget(Rate rate) {
        this.rate = rate;
    }

    /** A fresh, full budget of {@code limits}; one that admits everything when the limit is off. */
    public static FrameBudget of(WebLimits limits, long now) {
        if (limits.framesPerS() == 0) {
            return UNLIMITED;
        }
        return new FrameBudget(new Rate(limits.framesPerS(), limits.framesBurst(), now));
    }

    /** A budget that admits every frame. */
    public static FrameBudget unlimited() {
        return UNLIMITED;
    }

    public Verdict take(long now) {
        if (rate == null || rate.take(now)) {
            return Verdict.ADMIT;
        }
        if (closed) {
            return Verdict.DROP;
        }
        if (!inSpell || now - lastRefusal >= QUIET.toNanos()) {
            inSpell = true;
            spellSince = now;
            lastRefusal = now;
            lastAnswer = now;
            return Verdict.ANSWER;
        }
        lastRefusal = now;
        if (now - spellSince >= SUSTAINED.toNanos()) {
            closed = true;
            return Verdict.CLOSE;
        }
        if (now - lastAnswer >= ANSWER_EVERY.toNanos()) {
            lastAnswer = now;
            return Verdict.ANSWER;
        }
        return Verdict.DROP;
    }
}
