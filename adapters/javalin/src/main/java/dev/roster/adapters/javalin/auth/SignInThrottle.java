package dev.roster.adapters.javalin.auth;

import dev.roster.adapters.javalin.logging.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Failed sign-ins counted per client address, so that the admin and metrics tokens cannot be guessed at the speed
 * of the network: after {@link #MAX_FAILURES} different wrong tokens within {@link #WINDOW} of the first, an address
 * is refused until that window has passed, even with the right token (a guesser who hits it then learns nothing).
 * The same wrong token again is not another guess: a script left with an old token, retrying, does not lock out
 * its address (every failure is still counted in the metrics and the log). Addresses are counted apart: one
 * address's failures or successes never change another's. A success changes nothing; the window ends by time alone.
 *
 * <p>Tokens are told apart by a salted digest of 64 bits, the salt random per node; no token is kept.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} windows are kept, those that have passed are dropped first,
 * and when every kept window is still running the oldest is dropped.
 *
 * <p>Failures are logged at WARN with the address and the way in, at most one line every {@link #LOG_EVERY}
 * (the lines in between are counted); never with what was offered as the token.
 */
public final class SignInThrottle {
    public static final int MAX_FAILURES = 10;
    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final int MAX_ADDRESSES = 10_000;
    static final Duration LOG_EVERY = Duration.ofSeconds(10);
    /** The most of a path a log line shows. */
    static final int LOGGED_PATH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);

    private final int maxFailures;
    private final long windowNanos;
    private final int maxAddresses;
    private final LongSupplier nanoClock;
    private final RateLimitedLog failedLog;
    private final RateLimitedLog throttledLog;
    private final MeterRegistry registry;
    /** Windows by address, in the order they started, so that the first ones are the first to pass. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();
    private final byte[] salt = new byte[16];

    public SignInThrottle(MeterRegistry registry) {
        this(registry, MAX_FAILURES, WINDOW, MAX_ADDRESSES, System::nanoTime);
    }

    /**
     * @param maxFailures  failures an address may have within one window before it is refused
     * @param window       how long a window lasts from its first failure
     * @param maxAddresses how many addresses are remembered at most
     * @param nanoClock    the monotonic clock windows are measured with
     */
    public SignInThrottle(MeterRegistry registry, int maxFailures, Duration window, int maxAddresses,
                          LongSupplier nanoClock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, got " + maxFailures);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive: " + window);
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be at least 1, got " + maxAddresses);
        }
        this.registry = Objects.requireNonNull(registry, "registry");
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
        this.nanoClock = nanoClock;
        this.failedLog = new RateLimitedLog(LOG, Level.WARN, LOG_EVERY, nanoClock);
        this.throttledLog = new RateLimitedLog(LOG, Level.WARN, LOG_EVERY, nanoClock);
        new SecureRandom().nextBytes(salt);
    }

    /**
     * How long {@code address} must still wait before an attempt of its is heard; zero when it may try now. A
     * non-zero answer is counted as a refusal ({@code roster.signin.throttled}, tagged with {@code via}).
     *
     * @param via how the attempt came in ({@code form} or {@code bearer}): a fixed word, never client input
     */
    public Duration refusal(String address, String via) {
        long wait;
        synchronized (this) {
            wait = remainingNanos(address, nanoClock.getAsLong());
        }
        if (wait <= 0) {
            return Duration.ZERO;
        }
        counter("roster.signin.throttled", via, "sign-in attempts refused because their address failed too often")
                .increment();
        return Duration.ofNanos(wait);
    }

    /**
     * Notes one failed attempt from {@code address}: a wrong token typed into the sign-in form, or a request with a
     * wrong {@code Authorization} header. Counted in {@code roster.signin.failures}, tagged with {@code via}.
     *
     * @param path    the path asked for, logged with the address
     * @param offered what was offered as the token (the form field, or the whole {@code Authorization} value); only
     *                its salted digest is kept, to tell a new guess from the same one again
     */
    public void failed(String address, String via, String path, String offered) {
        long fingerprint = fingerprint(offered);
        int failures;
        synchronized (this) {
            failures = count(address, fingerprint, nanoClock.getAsLong());
        }
        counter("roster.signin.failures", via, "failed sign-ins and requests with a wrong token").increment();
        failedLog.log("failed sign-in from {} ({} on {}); {} of {} different tokens allowed in {} s", address, via,
                printable(path), failures, maxFailures, windowNanos / 1_000_000_000L);
        if (failures == maxFailures) {
            throttledLog.log("sign-ins from {} are refused for {} s: {} failed", address,
                    windowNanos / 1_000_000_000L, failures);
        }
    }

    /** The path as a log line may show it: the client wrote it, so no line breaks or other controls, and short. */
    static String printable(String path) {
        if (path == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder(Math.min(path.length(), LOGGED_PATH + 1));
        for (int i = 0; i < path.length() && shown.length() < LOGGED_PATH; i++) {
            char c = path.charAt(i);
            shown.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return path.length() > LOGGED_PATH ? shown.append('…').toString() : shown.toString();
    }

    /** How many addresses have a window kept. */
    synchronized int addresses() {
        return windows.size();
    }

    private long remainingNanos(String address, long now) {
        Window window = windows.get(address);
        if (window == null) {
            return 0;
        }
        long left = window.start + windowNanos - now;
        if (left <= 0) {
            windows.remove(address);
            return 0;
        }
        return window.failures >= maxFailures ? left : 0;
    }

    private int count(String address, long fingerprint, long now) {
        Window window = windows.get(address);
        if (window == null || now - window.start >= windowNanos) {
            windows.remove(address);
            makeRoom(now);
            window = new Window(now, maxFailures);
            windows.put(address, window);
        }
        return window.guess(fingerprint);
    }

    private long fingerprint(String offered) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            byte[] digest = sha.digest(String.valueOf(offered).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void makeRoom(long now) {
        // oldest first: the first windows are the first to pass, and when none has passed the oldest is given up
        Iterator<Map.Entry<String, Window>> oldestFirst = windows.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Window oldest = oldestFirst.next().getValue();
            if (windows.size() < maxAddresses && now - oldest.start < windowNanos) {
                return;
            }
            oldestFirst.remove();
        }
    }

    private Counter counter(String name, String via, String description) {
        return Counter.builder(name).tag("via", via).description(description).register(registry);
    }

    /** One address's window: when it started and the different wrong tokens seen in it, as many as count. */
    private static final class Window {
        final long start;
        final long[] guesses;
        int failures;

        Window(long start, int maxFailures) {
            this.start = start;
            this.guesses = new long[maxFailures];
        }

        /** Notes a wrong token unless it was seen already; returns how many different ones there have been. */
        int guess(long fingerprint) {
            for (int i = 0; i < failures; i++) {
                if (guesses[i] == fingerprint) {
                    return failures;
                }
            }
            if (failures < guesses.length) {
                guesses[failures++] = fingerprint;
            }
            return failures;
        }
    }
}
