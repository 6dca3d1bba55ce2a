package dev.roster.adapters.javalin.limits;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one client address may open: at most {@code maxConnectionsPerAddress} WebSockets at a time and
 * {@code handshakesPerAddressPerS} handshakes a second. The address is the one the handshake resolved (the peer,
 * or the client a trusted proxy forwarded).
 *
 * <p>The state stays bounded whatever an attacker does. A connection is counted from its admission (a
 * {@link Lease}) until its socket ends; a lease whose socket never opened (the client vanished between the answer
 * and the upgrade) stops counting after {@link #OPEN_DEADLINE}, so an address cannot be locked out by a leak. The
 * handshake rates of at most {@link #TRACKED_ADDRESSES} addresses are remembered: an address whose bucket is full
 * again remembers nothing and is forgotten as new ones arrive, and beyond the bound the least recently seen ones
 * are forgotten first (an attacker with that many addresses gets a fresh bucket on each, which bounds memory, not
 * what a botnet can do). Counts of open connections are kept only for addresses with something open.
 *
 * <p>With both limits off nothing is kept and no map is touched. One lock guards the state: a handshake does far
 * more work elsewhere than the few map operations under it.
 */
public final class AddressLimits {
    /** How many addresses' handshake rates are remembered at most. */
    public static final int TRACKED_ADDRESSES = 65_536;
    /** An admitted handshake whose socket did not open within this long no longer counts. */
    public static final Duration OPEN_DEADLINE = Duration.ofSeconds(10);
    /** The {@code Retry-After} of a refusal for too many connections: nobody knows when one will close. */
    public static final long RETRY_AFTER_CONNECTIONS_S = 5;
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    public static final String TOO_MANY_HANDSHAKES = "too_many_handshakes";
    /** Both limits off. */
    public static final AddressLimits OFF = new AddressLimits(0, 0);

    private final int maxConnections;
    private final int handshakesPerS;
    // guarded by this
    private final Map<String, Integer> held = new HashMap<>();
    private final LinkedHashMap<String, Rate> handshakes = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<Lease> pending = new LinkedHashSet<>();

    private AddressLimits(int maxConnections, int handshakesPerS) {
        this.maxConnections = maxConnections;
        this.handshakesPerS = handshakesPerS;
    }

    public static AddressLimits of(WebLimits limits) {
        if (limits.maxConnectionsPerAddress() == 0 && limits.handshakesPerAddressPerS() == 0) {
            return OFF;
        }
        return new AddressLimits(limits.maxConnectionsPerAddress(), limits.handshakesPerAddressPerS());
    }

    /** What a handshake from {@code address} gets at {@code now} ({@link System#nanoTime()}). */
    public Admission admit(String address, long now) {
        if (maxConnections == 0 && handshakesPerS == 0) {
            return Lease.NONE;
        }
        synchronized (this) {
            if (handshakesPerS > 0) {
                Rate rate = handshakes.get(address);
                if (rate == null) {
                    forget(now);
                    rate = new Rate(handshakesPerS, handshakesPerS, now);
                    handshakes.put(address, rate);
                }
                if (!rate.take(now)) {
                    long seconds = Math.max(1, (rate.waitFor(now) + 999_999_999L) / 1_000_000_000L);
                    return new Refused(TOO_MANY_HANDSHAKES, "too many handshakes from this address; at most "
                            + handshakesPerS + " a second", seconds);
                }
            }
            if (maxConnections == 0) {
                return Lease.NONE;
            }
            expire(now);
            int open = held.getOrDefault(address, 0);
            if (open >= maxConnections) {
                return new Refused(TOO_MANY_CONNECTIONS, "too many connections from this address; at most "
                        + maxConnections, RETRY_AFTER_CONNECTIONS_S);
            }
            held.put(address, open + 1);
            Lease lease = new Lease(this, address, now);
            pending.add(lease);
            return lease;
        }
    }

    /** Connections counted for {@code address} now, opened or about to. */
    public synchronized int connections(String address) {
        return held.getOrDefault(address, 0);
    }

    /** How many addresses' handshake rates are remembered now. */
    public synchronized int rememberedRates() {
        return handshakes.size();
    }

    // makes room for one more, the least recently seen first: at the bound whatever they hold, else while they
    // are idle (a few a call)
    private void forget(long now) {
        Iterator<Rate> eldest = handshakes.values().iterator();
        int idleLooked = 0;
        while (eldest.hasNext()) {
            Rate rate = eldest.next();
            if (handshakes.size() >= TRACKED_ADDRESSES) {
                eldest.remove();
            } else if (idleLooked++ < 2 && rate.full(now)) {
                eldest.remove();
            } else {
                return;
            }
        }
    }

    private void expire(long now) {
        Iterator<Lease> oldest = pending.iterator();
        long deadline = OPEN_DEADLINE.toNanos();
        while (oldest.hasNext()) {
            Lease lease = oldest.next();
            if (now - lease.admittedAt < deadline) {
                return;
            }
            oldest.remove();
            lease.counted = false;
            uncount(lease.address);
        }
    }

    private void uncount(String address) {
        held.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** What a handshake gets: a {@link Lease} to hold while its socket lives, or a {@link Refused}. */
    public sealed interface Admission permits Lease, Refused {
    }

    /** Refused with {@code code}; the client may try again in {@code retryAfterSeconds}. */
    public record Refused(String code, String message, long retryAfterSeconds) implements Admission {
    }

    /**
     * One admitted connection of an address, counted until {@link #release} (the socket ended, or the handshake
     * was refused after all). Both calls may come from any thread; a second release does nothing.
     */
    public static final class Lease implements Admission {
        /** The lease of a handshake nothing counts. */
        public static final Lease NONE = new Lease(null, null, 0);

        private final AddressLimits owner;
        private final String address;
        private final long admittedAt;
        // guarded by owner
        private boolean counted = true;
        private boolean released;

        private Lease(AddressLimits owner, String address, long admittedAt) {
            this.owner = owner;
            this.address = address;
            this.admittedAt = admittedAt;
        }

        /** The socket opened: the lease no longer expires (and counts again if it had). */
        public void opened() {
            if (owner == null) {
                return;
            }
            synchronized (owner) {
                if (released) {
                    return;
                }
                boolean wasPending = owner.pending.remove(this);
                if (!wasPending && !counted) {
                    // it expired before the socket opened after all
                    counted = true;
                    owner.held.merge(address, 1, Integer::sum);
                }
            }
        }

        public void release() {
            if (owner == null) {
                return;
            }
            synchronized (owner) {
                if (released) {
                    return;
                }
                released = true;
                owner.pending.remove(this);
                if (counted) {
                    counted = false;
                    owner.uncount(address);
                }
            }
        }
    }
}
