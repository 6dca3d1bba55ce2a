package dev.roster.adapters.javalin.ws;

import dev.roster.domain.SessionId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open sockets of this node and, once registered, each by its session id; plus the disconnects still on their
 * way to the application, which a graceful stop waits for.
 */
public final class Connections {
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Map<SessionId, Connection> bySession = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    /** Counts the changes to which session finds which socket: each bind and unbind, made after the change. */
    private final AtomicLong bindings = new AtomicLong();
    // a session that never binds (its socket went first) leaves its entry here until it is a minute old
    private final Map<SessionId, Closing> closeOnBind = new HashMap<>();
    private static final long FORGET_EARLY_CLOSE_NANOS = 60_000_000_000L;

    private record Closing(String reason, long askedAt) {
    }

    public void add(Connection connection) {
        open.add(connection);
    }

    /** Removes the socket; only the first call for a socket answers true, so a socket ends exactly once. */
    public boolean removeSocket(Connection connection) {
        return open.remove(connection);
    }

    /** Makes the session findable; closes it at once if an operator asked to before it got here. */
    public void bind(SessionId session, Connection connection) {
        Closing early;
        synchronized (this) {
            bySession.put(session, connection);
            early = closeOnBind.remove(session);
        }
        bindings.incrementAndGet();
        if (early != null) {
            connection.close(1000, early.reason(), CloseCause.OPERATOR);
        }
    }

    /**
     * Closes the session's socket with {@code reason}. A session the application already knows can still be on its
     * way here (its welcome sent, not yet bound): then it is closed as soon as it is bound.
     */
    public void close(SessionId session, String reason) {
        Connection connection;
        synchronized (this) {
            connection = bySession.get(session);
            if (connection == null) {
                long now = System.nanoTime();
                closeOnBind.values().removeIf(c -> now - c.askedAt() > FORGET_EARLY_CLOSE_NANOS);
                closeOnBind.put(session, new Closing(reason, now));
                return;
            }
        }
        connection.close(1000, reason, CloseCause.OPERATOR);
    }

    public void unbind(SessionId session, Connection connection) {
        bySession.remove(session, connection);
        bindings.incrementAndGet();
    }

    /**
     * How many times a session was bound or unbound so far, counted after each change: while it stays the same, every
     * {@link #session} answers as it did before, so what was looked up then still holds.
     */
    public long bindings() {
        return bindings.get();
    }

    public Connection session(SessionId session) {
        return bySession.get(session);
    }

    public Collection<Connection> sockets() {
        return List.copyOf(open);
    }

    /** Keeps {@code disconnect} until it completes, however it completes. */
    public void track(CompletableFuture<?> disconnect) {
        pending.add(disconnect);
        disconnect.whenComplete((v, e) -> pending.remove(disconnect));
    }

    /** No socket open and no disconnect on its way. */
    public boolean drained() {
        return open.isEmpty() && pending.isEmpty();
    }
}
